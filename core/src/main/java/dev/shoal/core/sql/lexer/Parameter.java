package dev.shoal.core.sql.lexer;

import java.util.Optional;

/**
 * One parameter slot of a statement, numbered the way SQLite numbers them
 * ({@code sqlite3_bind_parameter_index}): {@code name} is the text as written, prefix included
 * ({@code :a}, {@code @a}, {@code $a}, {@code ?7}), or empty for a bare {@code ?}.
 */
public record Parameter(int index, Optional<String> name) {}
