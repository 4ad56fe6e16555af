package dev.shoal.core.apitoken;

import dev.shoal.core.error.ErrorCode;
import dev.shoal.core.error.ShoalException;
import java.util.EnumSet;
import java.util.Set;

/**
 * What an API token may do. The first nine are Turso's group-token scopes; the last three are
 * Shoal's for organization-level work, granted only to tokens not limited to a group.
 */
public enum Scope {
    READ("read"),
    DB_CREATE("db:create"),
    DB_DELETE("db:delete"),
    DB_CONFIGURE("db:configure"),
    DB_MINT_TOKEN("db:mint-token"),
    DB_ROTATE_CREDS("db:rotate-creds"),
    GROUP_CONFIGURE("group:configure"),
    GROUP_MINT_TOKEN("group:mint-token"),
    GROUP_ROTATE_CREDS("group:rotate-creds"),
    GROUP_CREATE("group:create"),
    GROUP_DELETE("group:delete"),
    ORG_MANAGE("org:manage");

    private final String wire;

    Scope(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    public static final Set<Scope> GROUP_SCOPES = EnumSet.range(READ, GROUP_ROTATE_CREDS);

    /** Expands {@code read-only} / {@code full-access} presets and parses the rest. */
    public static Set<Scope> parse(Iterable<String> names, boolean groupToken) {
        Set<Scope> out = EnumSet.noneOf(Scope.class);
        for (String n : names) {
            switch (n) {
                case "read-only" -> out.add(READ);
                case "full-access" -> out.addAll(groupToken ? GROUP_SCOPES : EnumSet.allOf(Scope.class));
                default -> out.add(byWire(n));
            }
        }
        if (groupToken && !GROUP_SCOPES.containsAll(out)) {
            throw new ShoalException(ErrorCode.INVALID_REQUEST, "a group token can only have the scopes "
                    + GROUP_SCOPES.stream().map(Scope::wire).toList());
        }
        return out;
    }

    public static Scope byWire(String n) {
        for (Scope s : values()) {
            if (s.wire.equals(n)) {
                return s;
            }
        }
        throw new ShoalException(ErrorCode.INVALID_REQUEST, "unknown scope `" + n + "`");
    }
}
