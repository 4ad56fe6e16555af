package dev.shoal.server.hrana;

import dev.shoal.core.db.DatabaseCatalog;
import dev.shoal.core.db.DatabaseRecord;
import dev.shoal.core.error.ErrorCode;
import dev.shoal.core.error.ShoalException;
import dev.shoal.core.sql.AttachRights;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * What ATTACH may reach from one stream on database {@code source}: a database of the same
 * organization that the token lists in its read-attach claim ({@code p.roa}) and whose own
 * configuration has {@code allow_attach}. A full-access token does not imply attach (as in libSQL);
 * only an open dev server's anonymous requests, which have full access to everything, may attach any
 * database that allows it. Checked in that order, so a stream without the right learns nothing about
 * the target's configuration; a database of another organization is "not found", like an unknown one.
 */
final class StreamAttachRights implements AttachRights {
    private static final Pattern ID = Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private final DatabaseCatalog catalog;
    private final DatabaseRecord source;
    /** The databases the token may attach; empty for an anonymous request on an open dev server (all). */
    private final Optional<Set<UUID>> granted;

    StreamAttachRights(DatabaseCatalog catalog, DatabaseRecord source, Optional<Set<UUID>> granted) {
        this.catalog = catalog;
        this.source = source;
        this.granted = granted.map(Set::copyOf);
    }

    @Override
    public AttachTarget resolve(String target) {
        DatabaseRecord db = find(target).filter(d -> d.organization().equals(source.organization()))
                .orElseThrow(() -> new ShoalException(ErrorCode.NOT_FOUND, "database " + target
                        + " does not exist in organization " + source.organization() + "; ATTACH takes the name or id "
                        + "of a database of the same organization"));
        if (granted.isPresent() && !granted.get().contains(db.id())) {
            throw new ShoalException(ErrorCode.FORBIDDEN, "Authorization forbidden: Current session doesn't not have "
                    + "AttachRead permission to namespace " + db.name() + " (a full-access token does not imply attach: "
                    + "mint one with `shoal db tokens create " + source.name() + " --attach " + db.name()
                    + "` or permissions.read_attach)");
        }
        if (!db.config().allowAttach()) {
            throw new ShoalException(ErrorCode.FORBIDDEN, "Authorization forbidden: Namespace `" + db.name()
                    + "` doesn't allow attach (its owner can turn it on: shoal db config attach allow " + db.name() + ")");
        }
        if (db.config().blockReads()) {
            throw new ShoalException(ErrorCode.BLOCKED, "Operation was blocked: reads are blocked on database "
                    + db.name() + ", so it cannot be attached");
        }
        return new AttachTarget(db.id(), db.name());
    }

    private Optional<DatabaseRecord> find(String target) {
        if (ID.matcher(target).matches()) {
            return catalog.findDatabase(UUID.fromString(target));
        }
        return catalog.findDatabase(source.organization(), target.toLowerCase(Locale.ROOT));
    }

    @Override
    public boolean exists(UUID id) {
        return catalog.findDatabase(id).isPresent();
    }
}
