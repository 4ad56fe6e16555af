package dev.shoal.cli;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.encoder.Encoder;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.LoggerFactory;

/**
 * How a server started by {@code serve} or {@code dev} writes its log lines to stderr: plain text
 * (logback.xml's pattern), or one JSON object per line (Logback's own {@link JsonEncoder}) for log
 * collectors. A JSON line carries the log context ({@code mdc}): migration lines have the job's
 * id under {@code job}, and a child's task also {@code database}. Chosen by {@code --log-format}
 * or else {@code SHOAL_LOG_FORMAT}; see docs/operations.md.
 */
enum LogFormat {
    TEXT,
    JSON;

    static final String VARIABLE = "SHOAL_LOG_FORMAT";
    /** The pattern of logback.xml, for going back to text. */
    private static final String TEXT_PATTERN = "%d{HH:mm:ss.SSS} %-5level %logger{20} - %msg%n";
    private static final String APPENDER = "STDERR";

    /** The flag's value if given, else the variable's, else text; anything else is a usage error naming both. */
    static LogFormat choose(String flag, CliEnv env) {
        Optional<String> value = Optional.ofNullable(flag).or(() -> env.variable(VARIABLE));
        if (value.isEmpty()) {
            return TEXT;
        }
        try {
            return valueOf(value.get().trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw CliException.usage("unknown log format `" + value.get() + "` (from " + (flag != null
                    ? "--log-format" : VARIABLE) + "); use text or json");
        }
    }

    String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** An encoder writing this format, started, for {@code context}. */
    Encoder<ILoggingEvent> encoder(LoggerContext context) {
        Encoder<ILoggingEvent> encoder = this == JSON ? json() : text();
        encoder.setContext(context);
        encoder.start();
        return encoder;
    }

    private static Encoder<ILoggingEvent> json() {
        JsonEncoder json = new JsonEncoder();
        json.setWithFormattedMessage(true); // the message as a reader sees it, not the template and its arguments
        json.setWithMessage(false);
        json.setWithArguments(false);
        json.setWithSequenceNumber(false);
        json.setWithNanoseconds(false);
        json.setWithContext(false);
        return json;
    }

    private static Encoder<ILoggingEvent> text() {
        PatternLayoutEncoder text = new PatternLayoutEncoder();
        text.setPattern(TEXT_PATTERN);
        return text;
    }

    /**
     * Switches the stderr appender of logback.xml to this format. A no-op where logging is not
     * Logback or has no such appender (an embedding program's own configuration stays as it is).
     */
    void apply() {
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            return;
        }
        Appender<ILoggingEvent> appender = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).getAppender(APPENDER);
        if (appender instanceof OutputStreamAppender<ILoggingEvent> out) {
            out.stop();
            out.setEncoder(encoder(context));
            out.start();
        }
    }
}
