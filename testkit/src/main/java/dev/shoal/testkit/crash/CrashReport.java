package dev.shoal.testkit.crash;

import java.util.List;
import java.util.Locale;

/**
 * What a run of kill cycles found. {@code checks} holds one entry per restart (after every kill);
 * the last one covers everything acknowledged in the whole run.
 *
 * @param ackedWrites     write requests acknowledged (autocommit INSERTs and transactional batches)
 * @param ackedRows       rows in them
 * @param ackedDatabases  databases whose creation was acknowledged (plus the default one)
 * @param inFlight        writes sent but unanswered when the server was killed (may or may not be there)
 * @param refused         writes the live server refused (not acknowledged; expected to be none)
 * @param cycleLines      one line per cycle (also handed to the progress callback as each cycle ends)
 */
public record CrashReport(long seed, int cycles, long ackedWrites, long ackedRows, long ackedDatabases,
        long inFlight, long refused, List<CrashCheck.Findings> checks, List<String> cycleLines, double seconds) {

    public CrashCheck.Findings last() {
        return checks.getLast();
    }

    /** Acknowledged rows and databases missing at the last check. */
    public long lost() {
        return last().lostRows().size() + last().lostDatabases().size();
    }

    /** Integrity failures, rows nobody sent and torn transactions, over every check. */
    public long corrupt() {
        return checks.stream().mapToLong(f -> f.corrupt().size() + f.phantomRows().size() + f.tornTransactions().size())
                .sum();
    }

    public boolean clean() {
        return checks.stream().allMatch(CrashCheck.Findings::clean);
    }

    public String summary() {
        return String.format(Locale.ROOT, "crash seed %d: %d kill -9 cycles in %.1f s; acknowledged: %,d writes "
                        + "(%,d rows), %,d databases; in flight at the kills: %d (their rows present after restart: %d);"
                        + " refused: %d%n  lost: %d   corrupt: %d   (last check: %,d rows in %d databases, integrity_check"
                        + " ok on %d databases and the catalog)",
                seed, cycles, seconds, ackedWrites, ackedRows, ackedDatabases, inFlight, last().unackedPresent(), refused,
                lost(), corrupt(), last().rowsChecked(), ackedDatabases, last().databasesChecked() - last().corrupt().size())
                + (clean() ? "" : "\n  problems: " + checks.stream().filter(f -> !f.clean())
                        .map(CrashCheck.Findings::problems).toList());
    }
}
