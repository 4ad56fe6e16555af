package dev.shoal.core.migration;

import dev.shoal.core.db.DatabaseCatalog;
import dev.shoal.core.db.DatabaseKind;
import dev.shoal.core.db.DatabaseQuery;
import dev.shoal.core.db.DatabaseRecord;
import dev.shoal.core.error.ErrorCode;
import dev.shoal.core.error.ShoalException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One phase of a job (the dry runs, or the runs) over its databases, a page at a time: the next
 * page is handed to the workers before the last one is collected, so they never idle at a page
 * boundary, and each collected page is recorded in the catalog and forgotten. A job over 100,000
 * children holds two pages of them, not 100,000. Plans and drift checks walk a family the same way,
 * with outcomes of their own ({@code R}).
 */
final class PagedPhase<R> {
    private static final Logger log = LoggerFactory.getLogger(PagedPhase.class);

    /** Successive pages of a phase's work; an empty page ends it. */
    interface Pages<T> {
        List<T> next();

        /** The same pages with only the items {@code keep} accepts (pages left empty are skipped, not an end). */
        default Pages<T> filter(Predicate<T> keep) {
            return () -> {
                for (List<T> page = next(); !page.isEmpty(); page = next()) {
                    List<T> kept = page.stream().filter(keep).toList();
                    if (!kept.isEmpty()) {
                        return kept;
                    }
                }
                return List.of();
            };
        }
    }

    /** What a phase did: how many tasks ran, how many failed, and the first failure in page order. */
    static final class Tally<R> {
        private int total;
        private int failed;
        private R firstFailure;

        private void add(List<R> page, Predicate<R> isFailure) {
            total += page.size();
            for (R t : page) {
                if (isFailure.test(t)) {
                    failed++;
                    if (firstFailure == null) {
                        firstFailure = t;
                    }
                }
            }
        }

        int total() {
            return total;
        }

        int failed() {
            return failed;
        }

        Optional<R> firstFailure() {
            return Optional.ofNullable(firstFailure);
        }
    }

    /** The children of a schema database, a page at a time in name order. */
    static Pages<DatabaseRecord> children(DatabaseCatalog databases, DatabaseRecord schema) {
        return new Pages<>() {
            private Optional<String> after = Optional.empty();

            @Override
            public List<DatabaseRecord> next() {
                List<DatabaseRecord> page = databases.listDatabases(schema.organization(), new DatabaseQuery(
                        Optional.empty(), Optional.of(schema.id()), Optional.of(DatabaseKind.CHILD), Optional.empty(),
                        DatabaseQuery.MAX_LIMIT, after));
                page = page.subList(0, Math.min(page.size(), DatabaseQuery.MAX_LIMIT));
                if (!page.isEmpty()) {
                    after = Optional.of(page.get(page.size() - 1).name());
                }
                return page;
            }
        };
    }

    private record Submitted<T, R>(List<T> items, List<Future<R>> futures) {}

    private final ExecutorService workers;
    private final Consumer<List<R>> record;
    private final Predicate<R> isFailure;

    /** A job's phase: task outcomes, recorded by {@code record}, failed when their status says so. */
    static PagedPhase<TaskOutcome> tasks(ExecutorService workers, Consumer<List<TaskOutcome>> record) {
        return new PagedPhase<>(workers, record, TaskOutcome::failed);
    }

    /**
     * @param record    keeps each page's outcomes (a job records them in the catalog) before they are forgotten
     * @param isFailure which outcomes the tally counts as failures
     */
    PagedPhase(ExecutorService workers, Consumer<List<R>> record, Predicate<R> isFailure) {
        this.workers = workers;
        this.record = record;
        this.isFailure = isFailure;
    }

    /**
     * Runs {@code work} on every item of every page; {@code failure} names an item whose work threw
     * unexpectedly (a bug, not a database's error: it counts as that item's failure).
     */
    <T> Tally<R> run(Pages<T> pages, Function<T, R> work, Function<T, R> failure) {
        return run(pages, work, failure, () -> false);
    }

    /** The same, taking no new page once {@code stop} says so (the pages in flight finish). */
    <T> Tally<R> run(Pages<T> pages, Function<T, R> work, Function<T, R> failure, java.util.function.BooleanSupplier stop) {
        Tally<R> tally = new Tally<>();
        Deque<Submitted<T, R>> inFlight = new ArrayDeque<>();
        for (List<T> page = stop.getAsBoolean() ? List.<T>of() : pages.next(); !page.isEmpty();
                page = stop.getAsBoolean() ? List.of() : pages.next()) {
            List<Future<R>> futures = new ArrayList<>(page.size());
            for (T item : page) {
                futures.add(workers.submit(() -> work.apply(item)));
            }
            inFlight.add(new Submitted<>(page, futures));
            if (inFlight.size() > 1) {
                collect(inFlight.poll(), failure, tally);
            }
        }
        while (!inFlight.isEmpty()) {
            collect(inFlight.poll(), failure, tally);
        }
        return tally;
    }

    private <T> void collect(Submitted<T, R> page, Function<T, R> failure, Tally<R> tally) {
        List<R> out = new ArrayList<>(page.items().size());
        for (int i = 0; i < page.futures().size(); i++) {
            try {
                out.add(page.futures().get(i).get());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ShoalException(ErrorCode.SHUTTING_DOWN, "the server is shutting down");
            } catch (ExecutionException e) {
                R failed = failure.apply(page.items().get(i));
                log.error("a migration task failed unexpectedly, counted as {}", failed, e.getCause());
                out.add(failed);
            }
        }
        record.accept(out);
        tally.add(out, isFailure);
    }
}
