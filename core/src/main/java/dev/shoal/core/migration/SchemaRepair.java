package dev.shoal.core.migration;

import dev.shoal.core.db.DatabaseRecord;
import dev.shoal.core.error.ErrorCode;
import dev.shoal.core.error.ShoalException;
import dev.shoal.core.sql.Arguments;
import dev.shoal.core.sql.ConnectionOptions;
import dev.shoal.core.sql.RowSink;
import dev.shoal.core.sql.SqlConnection;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drift repair: a child that is behind its schema database (restored from an old copy) is brought
 * up to date by replaying, from the family's history, the migrations of every version it misses,
 * in order, on the migration workers. All of them run in one transaction that also moves the
 * child's version, and it commits only if the child's schema then matches the schema database's
 * fingerprint: a child whose schema differs in a way the history cannot explain is reported and
 * left exactly as it was. Children that are ahead or differ at the same version are only reported.
 * The family's lock is held throughout, so no migration runs meanwhile.
 */
public final class SchemaRepair {
    private static final Logger log = LoggerFactory.getLogger(SchemaRepair.class);

    /** One child and what the repair did to it ({@code repaired}) or why it did not. */
    public record Outcome(String database, long fromVersion, long toVersion, boolean repaired, String state,
            String detail) {}

    /** The children compared, how many were repaired, and the first {@link #MAX_SHOWN} that drifted. */
    public record Result(String schema, long version, int children, int drifted, int repaired, List<Outcome> shown) {
        public static final int MAX_SHOWN = 100;
    }

    private final JobMachinery m;
    private final SchemaCheck checks;

    SchemaRepair(JobMachinery m, SchemaCheck checks) {
        this.m = m;
        this.checks = checks;
    }

    Result repair(DatabaseRecord schema) {
        SchemaCheck.requireSchema(schema);
        try (FamilyLocks.Held lock = m.locks.forJob(schema.id(), schema.name())) {
            m.jobs.unfinishedJob(schema.id()).ifPresent(j -> {
                throw new ShoalException(ErrorCode.INVALID_REQUEST, "migration job " + j.id() + " of " + schema.name()
                        + " has not ended (" + j.status() + "): repair once it has");
            });
            SchemaCheck.Fingerprint parent = checks.fingerprint(schema);
            Map<Long, MigrationProgram> history = history(schema);
            List<Outcome> shown = new ArrayList<>();
            int[] repaired = {0};
            PagedPhase.Tally<Optional<Outcome>> tally = new PagedPhase<Optional<Outcome>>(m.workers, page -> page
                    .stream().flatMap(Optional::stream).peek(o -> repaired[0] += o.repaired() ? 1 : 0)
                    .filter(o -> shown.size() < Result.MAX_SHOWN).forEach(shown::add), Optional::isPresent)
                    .run(PagedPhase.children(m.databases, schema), c -> repairOne(c, parent, history), c -> Optional.of(
                            new Outcome(c.name(), -1, -1, false, "unreadable", "the repair failed on it (see the "
                                    + "server log)")));
            log.info("schema repair of {}: {} of {} children drifted, {} repaired", schema.name(), tally.failed(),
                    tally.total(), repaired[0]);
            return new Result(schema.name(), parent.version(), tally.total(), tally.failed(), repaired[0],
                    List.copyOf(shown));
        }
    }

    /** The program of each version the schema database reached, from the jobs that applied it. */
    private Map<Long, MigrationProgram> history(DatabaseRecord schema) {
        Map<Long, MigrationProgram> byVersion = new HashMap<>();
        for (MigrationJob j : m.jobs.jobs(schema.id())) {
            if (j.status().parentApplied()) {
                byVersion.putIfAbsent(j.version(), j.program());
            }
        }
        return byVersion;
    }

    private Optional<Outcome> repairOne(DatabaseRecord child, SchemaCheck.Fingerprint parent,
            Map<Long, MigrationProgram> history) {
        Optional<SchemaCheck.Drift> drift = checks.compare(child, parent);
        if (drift.isEmpty()) {
            return Optional.empty();
        }
        SchemaCheck.Drift d = drift.get();
        if (!d.state().equals("behind")) {
            return Optional.of(new Outcome(child.name(), d.version(), d.version(), false, d.state(), d.detail()
                    + "; not repaired: only a child that is behind can be brought up to date from the history"));
        }
        for (long v = d.version() + 1; v <= parent.version(); v++) {
            if (!history.containsKey(v)) {
                return Optional.of(new Outcome(child.name(), d.version(), d.version(), false, "behind", d.detail()
                        + "; not repaired: the migration to version " + v + " is not in the history"));
            }
        }
        try {
            return Optional.of(replay(child, d.version(), parent, history));
        } catch (ShoalException e) {
            if (e.code() == ErrorCode.NOT_FOUND) {
                return Optional.empty(); // deleted meanwhile
            }
            return Optional.of(new Outcome(child.name(), d.version(), d.version(), false, "behind", d.detail()
                    + "; not repaired: replaying the history failed: " + e.getMessage()));
        }
    }

    /** Every missing version in one transaction, committed only if the result has the schema database's schema. */
    private Outcome replay(DatabaseRecord child, long from, SchemaCheck.Fingerprint parent,
            Map<Long, MigrationProgram> history) {
        try (SqlConnection c = m.sql.connect(child.id(), ConnectionOptions.MIGRATION)) {
            if (history.get(from + 1).foreignKeys()) {
                c.execute("PRAGMA foreign_keys = ON", Arguments.NONE, false, RowSink.DISCARD);
            }
            c.execute("BEGIN IMMEDIATE", Arguments.NONE, false, RowSink.DISCARD);
            boolean committed = false;
            try {
                if (SchemaVersion.of(c) != from) {
                    return new Outcome(child.name(), from, from, false, "behind", "changed while it was repaired; "
                            + "run the repair again");
                }
                for (long v = from + 1; v <= parent.version(); v++) {
                    for (MigrationStatement s : history.get(v).statements()) {
                        c.execute(s.sql(), s.args(), false, RowSink.DISCARD);
                    }
                }
                c.execute("PRAGMA user_version = " + parent.version(), Arguments.NONE, false, RowSink.DISCARD);
                if (!SchemaCheck.fingerprint(c).digest().equals(parent.digest())) {
                    return new Outcome(child.name(), from, from, false, "differs", "at version " + from + " with a "
                            + "schema the history cannot explain: replaying versions " + (from + 1) + "–"
                            + parent.version() + " would not give the schema database's schema; not repaired");
                }
                c.execute("COMMIT", Arguments.NONE, false, RowSink.DISCARD);
                committed = true;
                log.info("schema repair: {} brought from version {} to {}", child.name(), from, parent.version());
                return new Outcome(child.name(), from, parent.version(), true, "repaired", "replayed versions "
                        + (from + 1) + "–" + parent.version() + " from the history");
            } finally {
                if (!committed && !c.isAutocommit()) {
                    c.execute("ROLLBACK", Arguments.NONE, false, RowSink.DISCARD);
                }
            }
        }
    }
}
