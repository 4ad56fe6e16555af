package dev.shoal.testkit.crash;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shoal.testkit.Hrana;
import dev.shoal.testkit.HranaClient;
import dev.shoal.testkit.HttpJson;
import dev.shoal.testkit.PlatformClient;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Load of acknowledged writes on a server until it is killed: writer threads send autocommit
 * INSERTs and small transactional batches (BEGIN, INSERTs, COMMIT, ROLLBACK if the commit did not
 * run — what {@code @libsql/client}'s {@code batch()} sends) over Hrana, and a creator thread makes
 * databases through the Platform API. Every write and creation is put in the {@link Ledger} as
 * sent, then as acknowledged once its 200 arrived and said it succeeded.
 */
final class CrashWorkload {
    static final String TABLE_SQL = "CREATE TABLE IF NOT EXISTS t(k TEXT PRIMARY KEY, v)";
    static final String DEFAULT_DATABASE = "default";

    private final Ledger ledger;
    private final String url;
    private final int cycle;
    private final long seed;
    private final HttpJson http = new HttpJson(Duration.ofSeconds(20));
    private final List<Thread> threads = new ArrayList<>();
    private final AtomicLong ackedWrites = new AtomicLong();
    private final AtomicLong inFlight = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private final AtomicLong created = new AtomicLong();
    private volatile boolean stopping;

    CrashWorkload(Ledger ledger, String url, int cycle, long seed) {
        this.ledger = ledger;
        this.url = url;
        this.cycle = cycle;
        this.seed = seed;
    }

    static HranaClient database(HttpJson http, String url, String name) {
        return new HranaClient(http, url + "/db/admin/" + name + "/");
    }

    /** Starts {@code writers} writer threads and one creator thread. */
    void start(int writers) {
        for (int w = 0; w < writers; w++) {
            int id = w;
            threads.add(Thread.ofPlatform().name("crash-writer-" + w).start(() -> write(id)));
        }
        threads.add(Thread.ofPlatform().name("crash-creator").start(this::create));
    }

    /** Tells the threads to stop (the server is gone by now) and waits for them. */
    void stop() throws InterruptedException {
        stopping = true;
        for (Thread t : threads) {
            t.join();
        }
        http.client().close();
    }

    long ackedWrites() {
        return ackedWrites.get();
    }

    /** Writes sent but not answered when the server was killed. */
    long inFlight() {
        return inFlight.get();
    }

    /** Writes the live server answered with anything but success (expected: none). */
    long refused() {
        return refused.get();
    }

    long created() {
        return created.get();
    }

    private enum Answer { ACKNOWLEDGED, REFUSED, NONE }

    private void write(int writer) {
        Random r = new Random(seed * 31 + cycle * 1009L + writer);
        for (long seq = 0; !stopping; seq++) {
            List<String> dbs = new ArrayList<>(ledger.readyDatabases());
            String db = dbs.get(r.nextInt(dbs.size()));
            int rows = r.nextInt(5) < 3 ? 1 : 2 + r.nextInt(4);
            List<String> keys = new ArrayList<>();
            for (int i = 0; i < rows; i++) {
                keys.add("c" + cycle + "-w" + writer + "-" + seq + "-" + i);
            }
            Ledger.Write w = new Ledger.Write(db, keys, rows > 1);
            ledger.sent(w);
            Answer a = send(w, r);
            if (a == Answer.ACKNOWLEDGED) {
                ledger.acked(w);
                ackedWrites.incrementAndGet();
            } else {
                ledger.unacked(w);
                (a == Answer.NONE ? inFlight : refused).incrementAndGet();
            }
            if (a == Answer.NONE) {
                return; // the server is gone: this write was in flight when it was killed
            }
        }
    }

    /** Sends one write: acknowledged only if the server answered 200 and said every statement (and the commit) ran. */
    private Answer send(Ledger.Write w, Random r) {
        HranaClient db = database(http, url, w.database());
        try {
            if (!w.transaction()) {
                JsonNode res = db.v2(null, Hrana.execute(insert(w.keys().get(0), r)), Hrana.close()).http().json();
                return ok(res.path("results").path(0).path("type").asText().equals("ok"));
            }
            List<ObjectNode> steps = new ArrayList<>(List.of(Hrana.step("BEGIN")));
            for (String k : w.keys()) {
                steps.add(Hrana.step(Hrana.ok(steps.size() - 1), insert(k, r)));
            }
            int commit = steps.size();
            steps.add(Hrana.step(Hrana.ok(commit - 1), Hrana.stmt("COMMIT")));
            steps.add(Hrana.step(Hrana.not(Hrana.ok(commit)), Hrana.stmt("ROLLBACK")));
            JsonNode res = db.v2(null, Hrana.batchRequest(Hrana.batch(steps.toArray(ObjectNode[]::new))), Hrana.close())
                    .http().json();
            JsonNode result = res.path("results").path(0);
            return ok(result.path("type").asText().equals("ok")
                    && result.path("response").path("result").path("step_results").path(commit).isObject());
        } catch (UncheckedIOException | AssertionError e) {
            return Answer.NONE; // no (complete) answer: the server was killed
        }
    }

    private static Answer ok(boolean acknowledged) {
        return acknowledged ? Answer.ACKNOWLEDGED : Answer.REFUSED;
    }

    /** An INSERT of one row whose value is a random blob of 100 B to 32 KiB, so the WAL grows and checkpoints run. */
    private static ObjectNode insert(String key, Random r) {
        int size = r.nextInt(5) == 0 ? 4096 + r.nextInt(28_672) : 100 + r.nextInt(900);
        return Hrana.stmt("INSERT INTO t(k, v) VALUES (?, randomblob(?))", Hrana.text(key), Hrana.integer(size));
    }

    private void create() {
        PlatformClient platform = new PlatformClient(http, url, "admin");
        for (int n = 0; !stopping; n++) {
            String name = "crash-c" + cycle + "-" + n;
            ledger.creating(name);
            try {
                if (platform.create(name).status() != 200) {
                    continue;
                }
                ledger.created(name);
                created.incrementAndGet();
                if (database(http, url, name).v2(null, Hrana.execute(TABLE_SQL), Hrana.close()).status() == 200) {
                    ledger.ready(name);
                }
                Thread.sleep(50); // a steady trickle: a few hundred databases over a run, not tens of thousands
            } catch (UncheckedIOException e) {
                return; // the server is gone; this creation was in flight (not acknowledged)
            } catch (InterruptedException e) {
                return;
            }
        }
    }
}
