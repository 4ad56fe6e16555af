package dev.shoal.testkit.crash;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the crash workload's clients sent and what the server acknowledged, across every kill
 * cycle: rows by database (each row's key is unique over the whole run), the batches they were
 * written in, and databases created. Only acknowledged things must survive a kill; everything
 * sent is remembered too, so rows nobody sent, or half of a batch, can be told apart.
 */
final class Ledger {
    /** One write request: its rows, and whether it was a transaction (all or none must survive). */
    record Write(String database, List<String> keys, boolean transaction) {}

    private final Map<String, Set<String>> sentRows = new ConcurrentHashMap<>();
    private final Map<String, Set<String>> ackedRows = new ConcurrentHashMap<>();
    private final List<Write> unacked = new ArrayList<>();
    private final Set<String> sentDatabases = ConcurrentHashMap.newKeySet();
    private final Set<String> ackedDatabases = ConcurrentHashMap.newKeySet();
    /** Acknowledged databases whose table is known to exist, so writers can use them. */
    private final Set<String> ready = ConcurrentHashMap.newKeySet();

    void sent(Write w) {
        sentRows.computeIfAbsent(w.database(), d -> ConcurrentHashMap.newKeySet()).addAll(w.keys());
    }

    void acked(Write w) {
        ackedRows.computeIfAbsent(w.database(), d -> ConcurrentHashMap.newKeySet()).addAll(w.keys());
    }

    /** A write that got no acknowledgement (no answer, or an error): may or may not have happened. */
    synchronized void unacked(Write w) {
        unacked.add(w);
    }

    void creating(String database) {
        sentDatabases.add(database);
    }

    void created(String database) {
        ackedDatabases.add(database);
    }

    void ready(String database) {
        ready.add(database);
    }

    Set<String> readyDatabases() {
        return Set.copyOf(ready);
    }

    Set<String> ackedDatabases() {
        return new LinkedHashSet<>(ackedDatabases);
    }

    Set<String> sentDatabases() {
        return Set.copyOf(sentDatabases);
    }

    Set<String> ackedRows(String database) {
        return Set.copyOf(ackedRows.getOrDefault(database, Set.of()));
    }

    Set<String> sentRows(String database) {
        return Set.copyOf(sentRows.getOrDefault(database, Set.of()));
    }

    synchronized List<Write> unackedWrites() {
        return List.copyOf(unacked);
    }

    long ackedRowCount() {
        return ackedRows.values().stream().mapToLong(Set::size).sum();
    }
}
