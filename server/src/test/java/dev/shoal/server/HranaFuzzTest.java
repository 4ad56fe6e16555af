package dev.shoal.server;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.shoal.testkit.HranaClient;
import dev.shoal.testkit.fuzz.FuzzReport;
import dev.shoal.testkit.fuzz.FuzzRun;
import dev.shoal.testkit.fuzz.HranaFuzzer;
import dev.shoal.testkit.fuzz.JdkFuzzTransport;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * A few thousand mutated Hrana requests (see {@link HranaFuzzer}) against a real server: every
 * one is answered, below 500, with a well-formed body, nothing logs a stack trace, and the server
 * still serves afterwards. The seed is fixed, so CI sends the same requests every time (only
 * batons borrowed from earlier answers depend on timing); explore others with
 * {@code -Dshoal.fuzz.seed=<seed>}, or with a million random ones: {@code bench/run.sh fuzz}.
 */
class HranaFuzzTest {
    private static final Duration IDLE_TIMEOUT = Duration.ofSeconds(1);

    @TempDir
    Path dataDir;

    @Test
    void mutatedRequestsAreAllAnsweredBelow500AndLogNoStackTrace() throws Exception {
        long seed = Long.getLong("shoal.fuzz.seed", 20261201L);
        System.out.println("HranaFuzzTest seed " + seed + " (replay: -Dshoal.fuzz.seed=" + seed + ")");
        LogCapture logs = LogCapture.start();
        try (TestServer server = TestServer.start(dataDir, c -> c.withStreamIdleTimeout(IDLE_TIMEOUT))) {
            List<String> targets = List.of("", "/db/admin/fuzz-a", "/db/admin/fuzz-b");
            server.platform.createOk("fuzz-a");
            server.platform.createOk("fuzz-b");
            for (String t : targets) {
                setUp(server.url() + t);
            }
            HranaFuzzer fuzzer = new HranaFuzzer(targets, IDLE_TIMEOUT);
            FuzzReport report = new FuzzRun(fuzzer, new FuzzRun.Options(seed, 3000, Duration.ofSeconds(60), 4))
                    .run(() -> new JdkFuzzTransport(server.url(), Duration.ofSeconds(20)));
            System.out.println(report.summary());

            assertThat(report.failures()).as(report.failureReport()).isZero();
            assertThat(report.stoppedByTime()).as(report.summary()).isFalse();
            assertThat(report.buckets()).as("the fuzzer reaches both valid and refused requests: %s", report.summary())
                    .containsKeys("200", "200 cursor", "400 PROTOCOL_ERROR", "404 NOT_FOUND");
            Checks.assertStillServes(server.hrana);
            for (String t : targets.subList(1, targets.size())) {
                Checks.assertStillServes(server.database(t.substring(t.lastIndexOf('/') + 1)));
            }
        } finally {
            logs.stop();
        }
        assertThat(logs.problems()).as("warnings with a stack trace, and errors, logged while fuzzing").isEmpty();
    }

    private static void setUp(String databaseUrl) {
        HranaClient hrana = new HranaClient(databaseUrl);
        for (String sql : HranaFuzzer.SETUP_SQL) {
            hrana.executeOnce(sql);
        }
    }

    /**
     * Captures what the server logs, through Logback (the server's SLF4J) and through
     * java.util.logging (Helidon's own logger when no bridge is installed, as in these tests).
     * A problem is an ERROR, or a WARN that carries a stack trace; DEBUG noise is not the server log.
     */
    private static final class LogCapture extends Handler {
        private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
        private final List<String> julProblems = new ArrayList<>();

        static LogCapture start() {
            LogCapture c = new LogCapture();
            c.appender.start();
            root().addAppender(c.appender);
            java.util.logging.Logger.getLogger("").addHandler(c);
            return c;
        }

        private static Logger root() {
            return (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        }

        void stop() {
            root().detachAppender(appender);
            java.util.logging.Logger.getLogger("").removeHandler(this);
        }

        List<String> problems() {
            List<String> out = new ArrayList<>();
            synchronized (appender) {
                for (ILoggingEvent e : appender.list) {
                    boolean trace = e.getThrowableProxy() != null;
                    if (e.getLevel().isGreaterOrEqual(Level.ERROR) || (trace && e.getLevel().isGreaterOrEqual(Level.WARN))) {
                        out.add(e.getLevel() + " " + e.getLoggerName() + ": " + e.getFormattedMessage()
                                + (trace ? " (" + e.getThrowableProxy().getClassName() + ": "
                                        + e.getThrowableProxy().getMessage() + ")" : ""));
                    }
                }
            }
            synchronized (julProblems) {
                out.addAll(julProblems);
            }
            return out;
        }

        @Override
        public void publish(LogRecord r) {
            boolean trace = r.getThrown() != null;
            if (r.getLevel().intValue() >= java.util.logging.Level.SEVERE.intValue()
                    || (trace && r.getLevel().intValue() >= java.util.logging.Level.WARNING.intValue())) {
                synchronized (julProblems) {
                    julProblems.add("JUL " + r.getLevel() + " " + r.getLoggerName() + ": " + r.getMessage()
                            + (trace ? " (" + r.getThrown() + ")" : ""));
                }
            }
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    }
}
