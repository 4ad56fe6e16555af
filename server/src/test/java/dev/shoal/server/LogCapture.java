package dev.shoal.server;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import org.slf4j.LoggerFactory;

/**
 * Records what the server logs while a test runs: Shoal's own loggers (SLF4J/Logback) at every
 * level down to DEBUG, and Helidon's (System.Logger, which goes to java.util.logging here) at the
 * levels it publishes by default.
 */
final class LogCapture implements AutoCloseable {
    /** One logged line: where from, how severe, the text, and whether it carried a stack trace. */
    record Line(String logger, String level, String message, boolean stackTrace) {
        @Override
        public String toString() {
            return level + " " + logger + " - " + message + (stackTrace ? " [with stack trace]" : "");
        }
    }

    private final Logger shoal = (Logger) LoggerFactory.getLogger("dev.shoal");
    private final Level previousLevel = shoal.getLevel();
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
    private final java.util.logging.Logger julRoot = java.util.logging.Logger.getLogger("");
    private final List<Line> julLines = new CopyOnWriteArrayList<>();
    private final Handler julHandler = new Handler() {
        @Override
        public void publish(LogRecord r) {
            julLines.add(new Line(r.getLoggerName(), r.getLevel().getName(), String.valueOf(r.getMessage()),
                    r.getThrown() != null));
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    };

    private LogCapture() {
        appender.start();
        shoal.addAppender(appender);
        shoal.setLevel(Level.DEBUG);
        julRoot.addHandler(julHandler);
    }

    static LogCapture start() {
        return new LogCapture();
    }

    List<Line> lines() {
        List<Line> all = new ArrayList<>();
        for (ILoggingEvent e : List.copyOf(appender.list)) {
            all.add(new Line(e.getLoggerName(), e.getLevel().toString(), e.getFormattedMessage(),
                    e.getThrowableProxy() != null));
        }
        all.addAll(julLines);
        return all;
    }

    /**
     * The lines so far, once there are at least {@code n} or {@link RawHttp#WAIT} has passed: what the
     * server logs about a client that hung up comes after the test has moved on.
     */
    List<Line> awaitLines(int n) {
        long deadline = System.nanoTime() + RawHttp.WAIT.toNanos();
        while (lines().size() < n && System.nanoTime() < deadline) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return lines();
    }

    @Override
    public void close() {
        shoal.detachAppender(appender);
        shoal.setLevel(previousLevel);
        julRoot.removeHandler(julHandler);
    }
}
