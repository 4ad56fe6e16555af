package dev.shoal.core.db;

import dev.shoal.core.error.ErrorCode;
import dev.shoal.core.error.ShoalException;
import java.util.Locale;

/**
 * How a schema database's migrations reach its children (configuration {@code migration_mode}).
 * STRICT: a child refuses writes from its dry run until it is migrated, so what every dry run
 * checked is what every run meets — all or nothing holds even for data-dependent migrations.
 * ONLINE: nobody's writes are refused; each child pauses writes only while its own dry run and
 * its own apply transaction hold its write lock, and a child changed between the two ends up in
 * the job's "needs attention" list instead.
 */
public enum MigrationMode {
    STRICT,
    ONLINE;

    /** The name the API and CLI use: {@code strict} or {@code online}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static MigrationMode parse(String text) {
        for (MigrationMode m : values()) {
            if (m.wireName().equalsIgnoreCase(text.trim())) {
                return m;
            }
        }
        throw new ShoalException(ErrorCode.INVALID_REQUEST, "invalid migration_mode `" + text
                + "`: use strict or online");
    }
}
