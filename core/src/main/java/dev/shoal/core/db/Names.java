package dev.shoal.core.db;

import dev.shoal.core.error.ErrorCode;
import dev.shoal.core.error.ShoalException;

/**
 * Validation of the names users choose for databases, groups and organizations: lowercase ASCII
 * letters, digits and dashes, 1 to 64 characters, not starting or ending with a dash. These names
 * appear in host names and URL paths, so nothing else is allowed.
 */
public final class Names {
    public static final int MAX_LENGTH = 64;

    private Names() {}

    /** Returns {@code name} if valid, else throws INVALID_NAME naming the problem. */
    public static String check(String what, String name) {
        if (name == null || name.isEmpty()) {
            throw new ShoalException(ErrorCode.INVALID_NAME, what + " name is required");
        }
        if (name.length() > MAX_LENGTH) {
            throw new ShoalException(ErrorCode.INVALID_NAME,
                    what + " name is " + name.length() + " characters long; the limit is " + MAX_LENGTH);
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
            if (!ok) {
                throw new ShoalException(ErrorCode.INVALID_NAME, what + " name `" + printable(name)
                        + "` is invalid: use only lowercase letters, digits and dashes");
            }
        }
        if (name.startsWith("-") || name.endsWith("-")) {
            throw new ShoalException(ErrorCode.INVALID_NAME,
                    what + " name `" + name + "` is invalid: it must not start or end with a dash");
        }
        return name;
    }

    private static String printable(String s) {
        StringBuilder b = new StringBuilder();
        s.codePoints().limit(MAX_LENGTH).forEach(cp -> {
            if (cp < 0x20 || cp == 0x7f) {
                b.append(String.format("\\u%04x", cp));
            } else {
                b.appendCodePoint(cp);
            }
        });
        return b.toString();
    }
}
