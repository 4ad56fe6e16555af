package dev.shoal.testkit.fuzz;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Optional;
import java.util.Random;

/**
 * Batons the fuzzer has seen, shared by its threads: ones already used (sending them again must be
 * refused as reused) and streams deliberately left idle (after a ROLLBACK, so they hold no write
 * lock) until the server expires them, whose batons must then be refused as expired.
 */
final class BatonBox {
    /** Parked streams: at most this many wait for expiry at a time. */
    static final int MAX_PARKED = 32;

    record Parked(String baton, String target, long parkedAtNanos) {}

    private final long expiredAfterNanos;
    private final String[] used = new String[512];
    private int usedCount;
    private final ArrayDeque<Parked> parked = new ArrayDeque<>();

    /** @param idleTimeout the server's stream idle timeout */
    BatonBox(Duration idleTimeout) {
        // The sweeper runs at most once a second; give it that, and a margin.
        this.expiredAfterNanos = idleTimeout.plusMillis(2500).toNanos();
    }

    synchronized void used(String baton) {
        used[usedCount++ % used.length] = baton;
    }

    synchronized Optional<String> reused(Random r) {
        int n = Math.min(usedCount, used.length);
        return n == 0 ? Optional.empty() : Optional.of(used[r.nextInt(n)]);
    }

    synchronized boolean hasRoomToPark() {
        return parked.size() < MAX_PARKED;
    }

    synchronized void park(String baton, String target) {
        parked.addLast(new Parked(baton, target, System.nanoTime()));
    }

    /** The oldest parked stream if the server must have expired it by now; each is handed out once. */
    synchronized Optional<Parked> expired() {
        Parked p = parked.peekFirst();
        if (p == null || System.nanoTime() - p.parkedAtNanos() < expiredAfterNanos) {
            return Optional.empty();
        }
        return Optional.of(parked.removeFirst());
    }
}
