package dev.shoal.cli.shell;

import dev.shoal.cli.jobs.JobProgress;
import dev.shoal.core.sql.lexer.SqlLexer;
import dev.shoal.core.sql.lexer.SqlStatement;
import dev.shoal.core.sql.lexer.StatementKind;
import java.io.PrintStream;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The fan-out progress of a shell's statements to a schema database's children, on a terminal:
 * while a write to a schema database runs (a migration: its request waits for the job, see
 * docs/schemas.md), the line {@code migrating 7,231/10,000 databases…} is redrawn in place, and
 * blanked before the statement's result or error is printed. Nothing is drawn for a read, for a
 * database that is not a schema database, for a statement that answers within
 * {@link FanOutWatch#FIRST_LOOK}, or when the shell's output is not a terminal ({@link #off()}),
 * so piped output is exactly the results.
 *
 * <p>The statement itself is untouched: it is sent as always, and a watcher thread beside it looks
 * for the job it started ({@link JobSearch}) and follows the job's event stream. Closing the watch
 * never waits for that thread.
 */
final class FanOutProgress implements AutoCloseable {
    /** Watches one request; closing it blanks the progress line and stops the watcher. */
    interface Watch extends AutoCloseable {
        @Override
        void close();
    }

    private static final Watch NONE = () -> { };

    private final Optional<JobSearch> search;
    private final PrintStream out;
    private final String ellipsis;
    private volatile boolean notASchemaDatabase;

    private FanOutProgress(Optional<JobSearch> search, PrintStream out) {
        this.search = search;
        this.out = out;
        this.ellipsis = out != null && out.charset().newEncoder().canEncode('…') ? "…" : "...";
    }

    /** Never shows anything (output that is not a terminal). */
    static FanOutProgress off() {
        return new FanOutProgress(Optional.empty(), null);
    }

    /** Shows progress on {@code out} for statements sent to {@code target}, if it may be a schema database. */
    static FanOutProgress on(ShellTarget target, PrintStream out) {
        if (!target.maybeSchema()) {
            return off();
        }
        return new FanOutProgress(Optional.of(new JobSearch(HranaHttp.withTrailingSlash(target.url()), target.token())),
                out);
    }

    /** Starts watching a request that carries {@code statements}, sent now. */
    Watch watch(List<String> statements) {
        if (search.isEmpty() || notASchemaDatabase || statements.stream().noneMatch(FanOutProgress::mayMigrate)) {
            return NONE;
        }
        return FanOutWatch.start(search.get(), new ProgressLine(out), Instant.now(), this::text,
                () -> notASchemaDatabase = true);
    }

    /**
     * Whether {@code sql} may start a migration on a schema database: a write, DDL, or the end of a
     * transaction ({@code COMMIT}, or {@code RELEASE} of a savepoint that opened it). Reads and
     * {@code EXPLAIN} never do.
     */
    static boolean mayMigrate(String sql) {
        for (SqlStatement st : SqlLexer.split(sql)) {
            StatementKind k = st.kind();
            if (!st.explain() && (k.mayWrite() || k == StatementKind.COMMIT || k == StatementKind.RELEASE)) {
                return true;
            }
        }
        return false;
    }

    /** {@code migrating (dry run) 7,231/10,000 databases…}, then {@code migrating 7,231/10,000 databases, 3 failed…}. */
    String text(JobProgress p) {
        String failed = p.failed() > 0 ? String.format(Locale.ROOT, ", %,d failed", p.failed()) : "";
        return String.format(Locale.ROOT, "migrating%s %,d/%,d databases%s%s", p.applying() ? "" : " (dry run)",
                p.done(), p.children(), failed, ellipsis);
    }

    @Override
    public void close() {
        search.ifPresent(JobSearch::close);
    }
}
