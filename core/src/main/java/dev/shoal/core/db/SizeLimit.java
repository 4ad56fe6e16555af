package dev.shoal.core.db;

import dev.shoal.core.error.ErrorCode;
import dev.shoal.core.error.ShoalException;
import java.util.Locale;
import java.util.OptionalLong;

/** Parses size limits such as {@code 256mb}, {@code 1gb}, {@code 500kb} or a plain byte count. */
public final class SizeLimit {
    private SizeLimit() {}

    public static OptionalLong bytes(String text) {
        if (text == null || text.isBlank()) {
            return OptionalLong.empty();
        }
        String s = text.trim().toLowerCase(Locale.ROOT);
        long unit = 1;
        String[][] units = {{"kb", "1000"}, {"mb", "1000000"}, {"gb", "1000000000"}, {"tb", "1000000000000"},
                {"kib", "1024"}, {"mib", "1048576"}, {"gib", "1073741824"}, {"b", "1"}};
        for (String[] u : units) {
            if (s.endsWith(u[0])) {
                unit = Long.parseLong(u[1]);
                s = s.substring(0, s.length() - u[0].length()).trim();
                break;
            }
        }
        try {
            long n = Long.parseLong(s);
            if (n <= 0) {
                throw new NumberFormatException();
            }
            return OptionalLong.of(Math.multiplyExact(n, unit));
        } catch (NumberFormatException | ArithmeticException e) {
            throw new ShoalException(ErrorCode.INVALID_REQUEST, "invalid size limit `" + text
                    + "`: use a positive number with an optional unit, e.g. 256mb or 1gb");
        }
    }
}
