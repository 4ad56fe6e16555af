package dev.shoal.testkit.crash;

import dev.shoal.testkit.Hrana;
import dev.shoal.testkit.HttpJson;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.function.Consumer;

/**
 * The kill -9 durability run: start the server on a data directory, put it under
 * {@link CrashWorkload} for a random while, SIGKILL it, restart it on the same directory and
 * {@link CrashCheck check} it against the {@link Ledger}; repeat, then check once more after the
 * last kill and stop the server cleanly.
 */
public final class CrashCycles {
    /**
     * @param cycles  kills
     * @param seed    drives the load times and the workload
     * @param writers writer threads
     * @param minLoad shortest load before a kill
     * @param maxLoad longest load before a kill
     */
    public record Options(int cycles, long seed, int writers, Duration minLoad, Duration maxLoad) {}

    private final ServerChild.Command command;
    private final Path dataDir;
    private final Options options;
    private final Consumer<String> progress;
    private final Ledger ledger = new Ledger();
    private final HttpJson http = new HttpJson(Duration.ofSeconds(60));
    private final List<CrashCheck.Findings> checks = new ArrayList<>();
    private final List<String> lines = new ArrayList<>();
    private long acked;
    private long inFlight;
    private long refused;

    /** @param progress receives a line as each cycle ends */
    public CrashCycles(ServerChild.Command command, Path dataDir, Options options, Consumer<String> progress) {
        this.command = command;
        this.dataDir = dataDir;
        this.options = options;
        this.progress = progress;
    }

    public CrashReport run() throws IOException, InterruptedException {
        long start = System.nanoTime();
        Random r = new Random(options.seed());
        ledger.created(CrashWorkload.DEFAULT_DATABASE);
        for (int cycle = 1; cycle <= options.cycles(); cycle++) {
            runCycle(cycle, r);
        }
        try (ServerChild server = ServerChild.start(command)) {
            checks.add(check(server));
        }
        return new CrashReport(options.seed(), options.cycles(), acked, ledger.ackedRowCount(),
                ledger.ackedDatabases().size(), inFlight, refused, List.copyOf(checks), List.copyOf(lines),
                (System.nanoTime() - start) / 1e9);
    }

    /** Start, check what the previous kill left, load, kill. */
    private void runCycle(int cycle, Random r) throws IOException, InterruptedException {
        ServerChild server = ServerChild.start(command);
        try {
            if (cycle > 1) {
                checks.add(check(server));
            }
            prepare(server.url());
            CrashWorkload load = new CrashWorkload(ledger, server.url(), cycle, options.seed());
            long loadMillis = options.minLoad().toMillis()
                    + (long) (r.nextDouble() * (options.maxLoad().toMillis() - options.minLoad().toMillis()));
            load.start(options.writers());
            Thread.sleep(loadMillis);
            server.kill();
            load.stop();
            acked += load.ackedWrites();
            inFlight += load.inFlight();
            refused += load.refused();
            String line = String.format(Locale.ROOT, "  cycle %2d: killed after %,5d ms of load: %,6d writes acknowledged,"
                            + " %d in flight, %d refused, %,4d databases created%s", cycle, loadMillis, load.ackedWrites(),
                    load.inFlight(), load.refused(), load.created(),
                    cycle > 1 ? "; check of the previous kill: " + (checks.getLast().clean() ? "clean" : "PROBLEMS") : "");
            lines.add(line);
            progress.accept(line);
        } finally {
            server.close(); // already gone after the kill; stopped if a check or the load failed
        }
    }

    private CrashCheck.Findings check(ServerChild server) {
        return new CrashCheck(ledger, http, server.url(), dataDir).run();
    }

    /** Every acknowledged database gets its table (its creation may have been acknowledged just before a kill). */
    private void prepare(String url) {
        for (String db : ledger.ackedDatabases()) {
            var res = CrashWorkload.database(http, url, db).v2(null, Hrana.execute(CrashWorkload.TABLE_SQL), Hrana.close());
            if (res.status() == 200 && "ok".equals(res.result(0).path("type").asText())) {
                ledger.ready(db);
            } // else the check before has reported the database lost; the workload leaves it alone
        }
    }
}
