package dev.shoal.core.sql;

import java.util.Optional;

/** A result column: its name (alias or expression text) and SQLite's declared type, if any. */
public record Column(String name, Optional<String> declType) {}
