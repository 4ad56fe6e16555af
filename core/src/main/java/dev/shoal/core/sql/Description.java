package dev.shoal.core.sql;

import java.util.List;
import java.util.Optional;

/**
 * A prepared-but-not-run statement (Hrana {@code describe}).
 *
 * @param parameterNames one entry per parameter index; empty for a bare {@code ?} or a hole
 */
public record Description(
        List<Optional<String>> parameterNames, List<Column> columns, boolean explain, boolean readOnly) {}
