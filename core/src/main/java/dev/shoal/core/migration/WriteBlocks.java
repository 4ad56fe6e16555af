package dev.shoal.core.migration;

import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which databases refuse writes right now because a migration job is between their dry run and
 * their run. Checked for every write statement (reads go on); cheap when nothing is blocked.
 */
public final class WriteBlocks {
    private final ConcurrentHashMap<UUID, Long> blocked = new ConcurrentHashMap<>();

    public void block(UUID database, long jobId) {
        blocked.put(database, jobId);
    }

    public void release(UUID database) {
        blocked.remove(database);
    }

    /** Unblocks every database the job still blocks (its end, whatever happened). */
    public void releaseJob(long jobId) {
        blocked.values().removeIf(j -> j == jobId);
    }

    /** How many databases refuse writes now (for metrics). */
    public int blockedCount() {
        return blocked.size();
    }

    /** The job that blocks writes to {@code database}, if any. */
    public Optional<Long> blockedBy(UUID database) {
        return blocked.isEmpty() ? Optional.empty() : Optional.ofNullable(blocked.get(database));
    }
}
