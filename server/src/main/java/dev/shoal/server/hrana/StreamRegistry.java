package dev.shoal.server.hrana;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.shoal.core.concurrent.SweepSet;
import dev.shoal.core.db.DatabaseRecord;
import dev.shoal.core.error.ErrorCode;
import dev.shoal.core.error.ShoalException;
import dev.shoal.core.sql.ConnectionOptions;
import dev.shoal.core.sql.SqlDatabases;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Live Hrana streams by baton. A baton is a fresh random 128-bit token on every response; taking a
 * stream removes its baton atomically, so a baton works exactly once and two requests can never
 * hold one stream. Streams parked (waiting for their next request) longer than the idle timeout
 * are closed (their transactions rolled back) by a sweeper; their batons then answer
 * STREAM_EXPIRED for five minutes. Open streams are bounded per server and per organization, and
 * the connections they hold by a {@link ConnectionBudget} (see {@link StreamLimits}).
 */
final class StreamRegistry implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(StreamRegistry.class);

    private enum Tombstone { EXPIRED, REUSED }

    /**
     * A stream waiting for its next request since {@code sinceNanos}. The sweeper decides on this
     * entry alone and removes exactly it, so a stream handed back while a sweep runs gets a new
     * entry (with a new time) that the sweep cannot take for the old one.
     */
    private record Parked(HranaStream stream, long sinceNanos) {}

    private final SqlDatabases databases;
    private final StreamLimits limits;
    private final LongSupplier nanoTime;
    private final Consumer<HranaStream> beforeExpiring;
    private final ConnectionBudget connections;
    private final SecureRandom random = new SecureRandom();
    private final ConcurrentHashMap<String, Parked> byBaton = new ConcurrentHashMap<>();
    private final SweepSet<HranaStream> live = new SweepSet<>(1024);
    private final AtomicInteger count = new AtomicInteger();
    private final ConcurrentHashMap<String, Integer> perOrganization = new ConcurrentHashMap<>();
    private final Cache<String, Tombstone> tombstones = Caffeine.newBuilder()
            .expireAfterWrite(Duration.ofMinutes(5)).maximumSize(100_000).build();
    private final ScheduledExecutorService sweeper;

    StreamRegistry(SqlDatabases databases, StreamLimits limits) {
        this(databases, limits, System::nanoTime, s -> { }, true);
    }

    /**
     * @param nanoTime       the clock idle times are measured with
     * @param beforeExpiring called when the sweeper has chosen a stream to expire, just before it
     *                       takes it (tests pause the sweeper there)
     * @param sweepOnTimer   run the sweeper every quarter of the idle timeout (tests call {@link #expireIdle})
     */
    StreamRegistry(SqlDatabases databases, StreamLimits limits, LongSupplier nanoTime,
            Consumer<HranaStream> beforeExpiring, boolean sweepOnTimer) {
        this.databases = databases;
        this.limits = limits;
        this.nanoTime = nanoTime;
        this.beforeExpiring = beforeExpiring;
        this.connections = new ConnectionBudget(limits.maxConnections());
        this.sweeper = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "shoal-stream-sweeper");
            t.setDaemon(true);
            return t;
        });
        long period = Math.max(100, Math.min(1000, limits.idleTimeout().toMillis() / 4));
        if (sweepOnTimer) {
            sweeper.scheduleWithFixedDelay(this::expireIdle, period, period, TimeUnit.MILLISECONDS);
        }
    }

    /** A new stream on a database, or the stream a baton names (which must be on the same database). */
    HranaStream take(Optional<String> baton, DatabaseRecord db, ConnectionOptions options) {
        if (baton.isEmpty()) {
            return open(db, options);
        }
        Parked p = byBaton.remove(baton.get());
        if (p == null) {
            Tombstone t = tombstones.getIfPresent(baton.get());
            if (t == Tombstone.EXPIRED) {
                throw new ShoalException(ErrorCode.STREAM_EXPIRED, "The stream has expired due to inactivity");
            }
            if (t == Tombstone.REUSED) {
                throw new ShoalException(ErrorCode.BATON_REUSED,
                        "This baton was already used; send the baton from the latest response");
            }
            throw new ShoalException(ErrorCode.BATON_INVALID, "Received an invalid baton");
        }
        if (!p.stream().databaseId().equals(db.id())) {
            byBaton.put(baton.get(), p);
            throw new ShoalException(ErrorCode.BATON_INVALID, "Received an invalid baton: it belongs to another database");
        }
        tombstones.put(baton.get(), Tombstone.REUSED);
        return p.stream();
    }

    private HranaStream open(DatabaseRecord db, ConnectionOptions options) {
        if (count.incrementAndGet() > limits.maxStreams()) {
            count.decrementAndGet();
            throw new ShoalException(ErrorCode.BUSY, "too many open streams on this server (limit "
                    + limits.maxStreams() + "); close idle streams");
        }
        if (!countForOrganization(db.organization())) {
            count.decrementAndGet();
            throw new ShoalException(ErrorCode.BUSY, "too many open streams for organization " + db.organization()
                    + " (limit " + limits.maxPerOrganization() + "); close idle streams");
        }
        HranaStream s = new HranaStream(db.id(), db.organization(), databases, options, connections);
        s.liveTicket = live.add(s);
        return s;
    }

    /** Counts one more stream for the organization unless it is at its limit. */
    private boolean countForOrganization(String org) {
        boolean[] counted = {false};
        perOrganization.compute(org, (k, n) -> {
            int open = n == null ? 0 : n;
            if (open >= limits.maxPerOrganization()) {
                return n;
            }
            counted[0] = true;
            return open + 1;
        });
        return counted[0];
    }

    /**
     * Whether the stream this baton names holds its database's writer slot. Its next request must
     * not wait for a turn behind requests that wait for that very slot (it is the one that can end
     * the transaction); there is at most one such stream per database.
     */
    boolean holdsWriter(Optional<String> baton) {
        Parked p = baton.isEmpty() ? null : byBaton.get(baton.get());
        return p != null && p.stream().holdsWriter();
    }

    /** Hands a stream back after a request: returns its next baton, or empty if it was closed. */
    Optional<String> release(HranaStream s) {
        if (s.isClosed()) {
            forget(s);
            return Optional.empty();
        }
        String baton = newBaton();
        park(baton, s);
        return Optional.of(baton);
    }

    /** Issues the next baton before the request finishes (cursors send it first); see {@link #publish}. */
    String reserveBaton(HranaStream s) {
        String baton = newBaton();
        s.reservedBaton = baton;
        return baton;
    }

    /** Makes a reserved baton usable once the cursor response is complete. */
    void publish(HranaStream s) {
        if (s.isClosed()) {
            forget(s);
            return;
        }
        park(s.reservedBaton, s);
    }

    /** The idle time starts now, and is stored with the baton in one entry (see {@link Parked}). */
    private void park(String baton, HranaStream s) {
        byBaton.put(baton, new Parked(s, nanoTime.getAsLong()));
    }

    /** Closes a stream after a failure that makes it unusable. */
    void discard(HranaStream s) {
        try {
            s.close();
        } finally {
            forget(s);
        }
    }

    private void forget(HranaStream s) {
        if (live.remove(s, s.liveTicket)) {
            count.decrementAndGet();
            perOrganization.computeIfPresent(s.organization(), (k, n) -> n <= 1 ? null : n - 1);
        }
    }

    /** Closes streams parked longer than the idle timeout (run by the sweeper). */
    void expireIdle() {
        long now = nanoTime.getAsLong();
        for (Map.Entry<String, Parked> e : byBaton.entrySet()) {
            Parked p = e.getValue();
            if (now - p.sinceNanos() > limits.idleTimeout().toNanos()) {
                beforeExpiring.accept(p.stream());
                if (byBaton.remove(e.getKey(), p)) {
                    expire(e.getKey(), p.stream());
                }
            }
        }
    }

    private void expire(String baton, HranaStream s) {
        tombstones.put(baton, Tombstone.EXPIRED);
        try {
            discard(s);
        } catch (RuntimeException e) {
            log.warn("closing an expired stream failed", e);
        }
    }

    private String newBaton() {
        byte[] b = new byte[16];
        random.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    /** Streams open now, and how many of them hold a database connection (for tests and metrics). */
    int openStreams() {
        return count.get();
    }

    int heldConnections() {
        return connections.held();
    }

    /** Closes every stream (rolling back open transactions); used at shutdown. */
    @Override
    public void close() {
        sweeper.shutdownNow();
        byBaton.clear();
        live.forEach(s -> {
            try {
                discard(s);
            } catch (RuntimeException e) {
                log.warn("closing a stream at shutdown failed", e);
            }
        });
    }
}
