package dev.shoal.server.hrana;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.shoal.core.error.ErrorCode;
import dev.shoal.core.error.ShoalException;
import dev.shoal.core.sql.ConnectionOptions;
import dev.shoal.core.sql.SqlDatabases;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Live Hrana streams by baton. A baton is a fresh random 128-bit token on every response; taking a
 * stream removes its baton atomically, so a baton works exactly once and two requests can never
 * hold one stream. Streams idle longer than the timeout are closed (their transactions rolled
 * back) by a sweeper; their batons then answer STREAM_EXPIRED for five minutes.
 */
final class StreamRegistry implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(StreamRegistry.class);

    private enum Tombstone { EXPIRED, REUSED }

    private final SqlDatabases databases;
    private final Duration idleTimeout;
    private final int maxStreams;
    private final SecureRandom random = new SecureRandom();
    private final ConcurrentHashMap<String, HranaStream> byBaton = new ConcurrentHashMap<>();
    private final Set<HranaStream> live = ConcurrentHashMap.newKeySet();
    private final AtomicInteger count = new AtomicInteger();
    private final Cache<String, Tombstone> tombstones = Caffeine.newBuilder()
            .expireAfterWrite(Duration.ofMinutes(5)).maximumSize(100_000).build();
    private final ScheduledExecutorService sweeper;

    StreamRegistry(SqlDatabases databases, Duration idleTimeout, int maxStreams) {
        this.databases = databases;
        this.idleTimeout = idleTimeout;
        this.maxStreams = maxStreams;
        this.sweeper = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "shoal-stream-sweeper");
            t.setDaemon(true);
            return t;
        });
        long period = Math.max(100, Math.min(1000, idleTimeout.toMillis() / 4));
        sweeper.scheduleWithFixedDelay(this::expireIdle, period, period, TimeUnit.MILLISECONDS);
    }

    /** A new stream on a database, or the stream a baton names (which must be on the same database). */
    HranaStream take(Optional<String> baton, UUID databaseId, ConnectionOptions options) {
        if (baton.isEmpty()) {
            if (count.incrementAndGet() > maxStreams) {
                count.decrementAndGet();
                throw new ShoalException(ErrorCode.BUSY, "too many open streams (" + maxStreams + "); close idle ones");
            }
            HranaStream s = new HranaStream(databaseId, databases, options);
            live.add(s);
            return s;
        }
        HranaStream s = byBaton.remove(baton.get());
        if (s == null) {
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
        if (!s.databaseId().equals(databaseId)) {
            byBaton.put(baton.get(), s);
            throw new ShoalException(ErrorCode.BATON_INVALID, "Received an invalid baton: it belongs to another database");
        }
        tombstones.put(baton.get(), Tombstone.REUSED);
        return s;
    }

    /** Hands a stream back after a request: returns its next baton, or empty if it was closed. */
    Optional<String> release(HranaStream s) {
        if (s.isClosed()) {
            forget(s);
            return Optional.empty();
        }
        String baton = newBaton();
        s.baton = baton;
        s.lastUsedNanos = System.nanoTime();
        byBaton.put(baton, s);
        return Optional.of(baton);
    }

    /** Issues the next baton before the request finishes (cursors send it first); see {@link #publish}. */
    String reserveBaton(HranaStream s) {
        String baton = newBaton();
        s.baton = baton;
        return baton;
    }

    /** Makes a reserved baton usable once the cursor response is complete. */
    void publish(HranaStream s) {
        if (s.isClosed()) {
            forget(s);
            return;
        }
        s.lastUsedNanos = System.nanoTime();
        byBaton.put(s.baton, s);
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
        if (live.remove(s)) {
            count.decrementAndGet();
        }
    }

    private void expireIdle() {
        long now = System.nanoTime();
        for (HranaStream s : live) {
            String baton = s.baton;
            if (baton != null && now - s.lastUsedNanos > idleTimeout.toNanos() && byBaton.remove(baton, s)) {
                tombstones.put(baton, Tombstone.EXPIRED);
                try {
                    discard(s);
                } catch (RuntimeException e) {
                    log.warn("closing an expired stream failed", e);
                }
            }
        }
    }

    private String newBaton() {
        byte[] b = new byte[16];
        random.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    /** Closes every stream (rolling back open transactions); used at shutdown. */
    @Override
    public void close() {
        sweeper.shutdownNow();
        byBaton.clear();
        for (HranaStream s : live) {
            try {
                discard(s);
            } catch (RuntimeException e) {
                log.warn("closing a stream at shutdown failed", e);
            }
        }
    }
}
