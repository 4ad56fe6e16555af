package dev.shoal.core.sql;

import java.util.Optional;
import java.util.OptionalLong;

/**
 * How a stream may use its connection: decided from the caller's token and the database's
 * configuration when the stream opens.
 *
 * @param writes       whether writes are allowed, refused for a read-only token, or blocked by config
 * @param blockReads   every statement is refused (database configuration {@code block_reads})
 * @param maxSizeBytes the database may not grow beyond this (configuration {@code size_limit})
 * @param role         what the database is in a schema family, which decides what its SQL means
 * @param database     the database's name, for messages
 * @param parent       for a child, the name of its schema database
 * @param attach       what {@code ATTACH} may reach from this stream ({@link AttachRights#NONE}: nothing)
 * @param sender       who is writing, for a schema database's migration history: the token's
 *                     subject, or what kind of token (or none) it was
 */
public record ConnectionOptions(Writes writes, boolean blockReads, OptionalLong maxSizeBytes, Role role,
        String database, Optional<String> parent, AttachRights attach, String sender) {
    public enum Writes { ALLOWED, READ_ONLY_TOKEN, BLOCKED }

    /**
     * REGULAR: a plain database. SCHEMA: writes are migrations fanned out to the children. CHILD:
     * takes its schema from a parent, so refuses DDL. MIGRATION: Shoal itself applying a migration
     * to a family member (DDL allowed, migration write blocks do not apply).
     */
    public enum Role { REGULAR, SCHEMA, CHILD, MIGRATION }

    public static final ConnectionOptions DEFAULT = new ConnectionOptions(Writes.ALLOWED, false, OptionalLong.empty());
    public static final ConnectionOptions MIGRATION = new ConnectionOptions(Writes.ALLOWED, false, OptionalLong.empty(),
            Role.MIGRATION, "", Optional.empty(), AttachRights.NONE);

    public ConnectionOptions {
        java.util.Objects.requireNonNull(attach, "attach");
        java.util.Objects.requireNonNull(sender, "sender");
    }

    /** Options with no one named as the sender. */
    public ConnectionOptions(Writes writes, boolean blockReads, OptionalLong maxSizeBytes, Role role, String database,
            Optional<String> parent, AttachRights attach) {
        this(writes, blockReads, maxSizeBytes, role, database, parent, attach, "");
    }

    /** Options for a regular database. */
    public ConnectionOptions(Writes writes, boolean blockReads, OptionalLong maxSizeBytes) {
        this(writes, blockReads, maxSizeBytes, Role.REGULAR, "", Optional.empty(), AttachRights.NONE);
    }

    /** The same rules with {@code rights} for ATTACH. */
    public ConnectionOptions withAttach(AttachRights rights) {
        return new ConnectionOptions(writes, blockReads, maxSizeBytes, role, database, parent, rights, sender);
    }
}
