package dev.shoal.core.migration;

import java.util.List;
import java.util.Optional;

/**
 * What a migration would do to a schema family, found by dry-running it on the schema database and
 * every child; nothing is changed and nothing stays blocked.
 *
 * @param children    how many children were dry-run
 * @param wouldFail   how many of them would fail
 * @param failures    the first {@link #MAX_FAILURES} of those, in name order, each with its own error
 * @param schemaError the schema database's own error; the children are not tried when there is one
 * @param millis      how long the plan took
 */
public record MigrationPlan(String schema, int children, int wouldFail, List<TaskOutcome> failures,
        Optional<String> schemaError, long millis) {
    public static final int MAX_FAILURES = 100;

    public boolean wouldSucceed() {
        return schemaError.isEmpty() && wouldFail == 0;
    }
}
