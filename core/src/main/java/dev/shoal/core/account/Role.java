package dev.shoal.core.account;

import dev.shoal.core.error.ErrorCode;
import dev.shoal.core.error.ShoalException;
import java.util.Locale;

/** A member's role in an organization. Owners and admins manage members and settings. */
public enum Role {
    OWNER, ADMIN, MEMBER;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean manages() {
        return this != MEMBER;
    }

    public static Role parse(String s) {
        for (Role r : values()) {
            if (r.wire().equalsIgnoreCase(s)) {
                return r;
            }
        }
        throw new ShoalException(ErrorCode.INVALID_REQUEST, "invalid role `" + s + "`: use owner, admin or member");
    }
}
