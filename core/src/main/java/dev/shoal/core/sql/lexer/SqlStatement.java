package dev.shoal.core.sql.lexer;

import java.util.List;
import java.util.Optional;

/**
 * One statement found by {@link SqlLexer}.
 *
 * @param sql            the statement text from its first token to its last, without the
 *                       terminating semicolon; comments inside are kept
 * @param kind           what the statement does
 * @param beginMode      for {@link StatementKind#BEGIN}: DEFERRED, IMMEDIATE or EXCLUSIVE
 *                       (DEFERRED when none is written); empty otherwise
 * @param explain        whether the statement starts with EXPLAIN (or EXPLAIN QUERY PLAN);
 *                       {@code kind} is then the kind of the explained statement
 * @param parameters     the named and numbered parameter slots, ordered by index; a bare
 *                       {@code ?} appears with an empty name
 * @param parameterCount the largest parameter index, as {@code sqlite3_bind_parameter_count}
 */
public record SqlStatement(
        String sql,
        StatementKind kind,
        Optional<String> beginMode,
        boolean explain,
        List<Parameter> parameters,
        int parameterCount) {

    /** The index SQLite gives to {@code name} (prefix included), or empty if no such slot exists. */
    public Optional<Integer> indexOf(String name) {
        for (Parameter p : parameters) {
            if (p.name().isPresent() && p.name().get().equals(name)) {
                return Optional.of(p.index());
            }
        }
        return Optional.empty();
    }

    /** Whether running this statement needs the database's writer slot (see WriteGate). */
    public boolean needsWriter() {
        if (explain) {
            return false;
        }
        if (kind == StatementKind.BEGIN) {
            return beginMode.map(m -> !m.equals("DEFERRED")).orElse(false);
        }
        return kind.mayWrite();
    }
}
