package dev.shoal.core.sql;

import dev.shoal.core.error.ErrorCode;
import dev.shoal.core.error.ShoalException;
import java.util.UUID;

/**
 * What {@code ATTACH} may reach from one stream: turns the name a tenant wrote into a database of
 * the same organization that both the stream's token and the target's configuration allow, or
 * refuses with the reason. Storage asks it for every ATTACH and attaches only the id it returns
 * (the file is found from the id, never from the text the tenant typed). The server builds one
 * per stream from the token's claims; see {@code docs/attach.md}.
 */
public interface AttachRights {
    /** Refuses every ATTACH: connections that do not serve a client stream (seeds, dumps, Shoal's own). */
    AttachRights NONE = new AttachRights() {
        @Override
        public AttachTarget resolve(String target) {
            throw ShoalException.sqlite("SQLITE_AUTH", "ATTACH is not allowed here: only a client's SQL stream "
                    + "may attach another database (see docs/attach.md)", null);
        }

        @Override
        public boolean exists(UUID id) {
            return false;
        }
    };

    /**
     * The database {@code target} names (a database name or id, as written between the quotes),
     * once every permission holds.
     *
     * @throws ShoalException naming the refusal: unknown database, no attach right in the token,
     *                        the target does not allow attach, reads blocked on the target
     */
    AttachTarget resolve(String target);

    /** Whether the database still exists (checked again once attached: it may be deleted meanwhile). */
    boolean exists(UUID id);

    /** A database an ATTACH may open read-only. */
    record AttachTarget(UUID id, String name) {}

    /** The refusal for a target that is gone: deleted, or being deleted, while the ATTACH ran. */
    static ShoalException deleted(String name) {
        return new ShoalException(ErrorCode.NOT_FOUND, "database " + name + " is being deleted; it cannot be attached");
    }
}
