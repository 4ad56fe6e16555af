package dev.shoal.core.policy;

/**
 * An {@code ATTACH} or {@code DETACH} the policy accepted, read from its tokens. Storage runs it
 * itself: the target is resolved to a database by {@link dev.shoal.core.sql.AttachRights} and its
 * file attached read-only; nothing the tenant typed reaches SQLite as a file name.
 */
public sealed interface AttachStatement {
    /** The schema name the statement binds or unbinds, as SQLite will compare it (lower case). */
    String alias();

    /** {@code ATTACH [DATABASE] target AS alias}: {@code target} is a database name or id, unquoted. */
    record Attach(String target, String alias) implements AttachStatement {}

    /** {@code DETACH [DATABASE] alias}. */
    record Detach(String alias) implements AttachStatement {}
}
