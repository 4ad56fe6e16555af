package dev.shoal.core.db;

/** A regular database, a schema (parent) database, or a child that takes its schema from a parent. */
public enum DatabaseKind {
    REGULAR,
    SCHEMA,
    CHILD
}
