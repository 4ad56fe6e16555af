package dev.shoal.core.auth;

import dev.shoal.core.error.ErrorCode;
import dev.shoal.core.error.ShoalException;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Platform API {@code expiration} query parameter of token creation: {@code never} (also
 * {@code none}, {@code default} and empty: the token does not expire) or a duration written as
 * positive numbers with the units {@code w d h m s}, each at most once and in that order, such as
 * {@code 7d}, {@code 2w1d30m} or {@code 1w2d6h3m}.
 */
public final class Expirations {
    private static final Pattern DURATION = Pattern.compile(
            "(?:([0-9]{1,9})w)?(?:([0-9]{1,9})d)?(?:([0-9]{1,9})h)?(?:([0-9]{1,9})m)?(?:([0-9]{1,9})s)?");
    private static final long[] UNIT_SECONDS = {7 * 86_400L, 86_400L, 3_600L, 60L, 1L};

    private Expirations() {}

    /** The token lifetime {@code s} asks for, or empty for a token that never expires. */
    public static Optional<Duration> parse(String s) {
        if (s == null) {
            return Optional.empty();
        }
        String v = s.strip().toLowerCase(Locale.ROOT);
        if (v.isEmpty() || v.equals("never") || v.equals("none") || v.equals("default")) {
            return Optional.empty();
        }
        Matcher m = DURATION.matcher(v);
        if (!m.matches()) {
            throw invalid();
        }
        long seconds = 0;
        for (int i = 0; i < UNIT_SECONDS.length; i++) {
            String n = m.group(i + 1);
            if (n == null) {
                continue;
            }
            long count = Long.parseLong(n);
            if (count <= 0) {
                throw invalid();
            }
            seconds += count * UNIT_SECONDS[i]; // at most 999,999,999 weeks: far from overflow
        }
        return Optional.of(Duration.ofSeconds(seconds));
    }

    private static ShoalException invalid() {
        return new ShoalException(ErrorCode.INVALID_REQUEST, "Invalid expiration format");
    }
}
