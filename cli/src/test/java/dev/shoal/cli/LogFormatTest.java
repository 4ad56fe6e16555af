package dev.shoal.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shoal.server.ServerConfig;
import dev.shoal.server.ShoalServer;
import dev.shoal.testkit.HranaClient;
import dev.shoal.testkit.HttpJson;
import dev.shoal.testkit.PlatformClient;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * {@code --log-format json} / {@code SHOAL_LOG_FORMAT=json}: the server's log lines become one
 * JSON object each, and every line a migration job logs carries the job's id (and a task's
 * database) in its {@code mdc}.
 */
class LogFormatTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private static CliEnv env(Map<String, String> variables, ByteArrayOutputStream out) {
        return new CliEnv(new ByteArrayInputStream(new byte[0]), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), variables, false);
    }

    @Test
    void theFlagWinsOverTheVariableAndUnknownFormatsAreUsageErrors() {
        CliEnv json = env(Map.of("SHOAL_LOG_FORMAT", "json"), new ByteArrayOutputStream());
        assertThat(LogFormat.choose(null, json)).isEqualTo(LogFormat.JSON);
        assertThat(LogFormat.choose("text", json)).isEqualTo(LogFormat.TEXT);
        assertThat(LogFormat.choose(null, env(Map.of(), new ByteArrayOutputStream()))).isEqualTo(LogFormat.TEXT);
        assertThatThrownBy(() -> LogFormat.choose("xml", json)).isInstanceOf(CliException.class)
                .hasMessageContaining("unknown log format `xml` (from --log-format); use text or json");
        assertThatThrownBy(() -> LogFormat.choose(null, env(Map.of("SHOAL_LOG_FORMAT", "yaml"),
                new ByteArrayOutputStream()))).hasMessageContaining("from SHOAL_LOG_FORMAT");
    }

    @Test
    void serveCheckShowsTheChosenFormatAndRefusesAnUnknownOne() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int exit = ShoalCommand.create(env(Map.of("XDG_DATA_HOME", dir.toString(), "SHOAL_LOG_FORMAT", "json"), out))
                .execute("serve", "--check");
        assertThat(exit).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("log-format:         json");
        assertThat(ShoalCommand.create(env(Map.of("XDG_DATA_HOME", dir.toString()), new ByteArrayOutputStream()))
                .execute("serve", "--log-format", "xml", "--check")).isEqualTo(2);
    }

    @Test
    void applyingJsonTurnsTheStderrAppenderIntoJsonLinesAndTextTurnsItBack() throws Exception {
        PrintStream realErr = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Logger shoal = (Logger) LoggerFactory.getLogger("dev.shoal.cli.LogFormatTest");
        try {
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            LogFormat.JSON.apply();
            shoal.warn("as json {}", 1);
            LogFormat.TEXT.apply();
            shoal.warn("as text {}", 2);
        } finally {
            LogFormat.TEXT.apply();
            System.setErr(realErr);
        }
        String[] lines = err.toString(StandardCharsets.UTF_8).split("\n");
        assertThat(lines).hasSize(2);
        JsonNode first = JSON.readTree(lines[0]);
        assertThat(first.get("level").asText()).isEqualTo("WARN");
        assertThat(first.get("loggerName").asText()).isEqualTo("dev.shoal.cli.LogFormatTest");
        assertThat(first.get("formattedMessage").asText()).isEqualTo("as json 1");
        assertThat(lines[1]).endsWith("WARN  d.s.c.LogFormatTest - as text 2");
    }

    @Test
    void everyMigrationLineCarriesItsJobId() throws Exception {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        OutputStreamAppender<ILoggingEvent> appender = new OutputStreamAppender<>();
        appender.setContext(context);
        appender.setEncoder(LogFormat.JSON.encoder(context));
        appender.setOutputStream(captured);
        appender.start();
        Logger migration = context.getLogger("dev.shoal.core.migration");
        Level level = migration.getLevel();
        migration.setLevel(Level.INFO);
        migration.addAppender(appender);
        long[] newest = {0};
        try (ShoalServer server = ShoalServer.start(ServerConfig.dev(dir.resolve("data"), 0))) {
            HttpJson http = new HttpJson();
            PlatformClient platform = new PlatformClient(http, server.url(), "admin");
            HranaClient parent = new HranaClient(http, PlatformClient.urlOf(platform.createRaw(
                    HttpJson.MAPPER.createObjectNode().put("name", "logs-schema").put("is_schema", true)).json()
                    .get("database")));
            for (String kid : List.of("logs-a", "logs-b")) {
                platform.createRaw(HttpJson.MAPPER.createObjectNode().put("name", kid).put("schema", "logs-schema"));
            }
            parent.executeOnce("CREATE TABLE t (x)");
            JsonNode jobs = http.get(parent.url("v1/jobs")).json().get("migrations");
            for (JsonNode j : jobs) {
                newest[0] = Math.max(newest[0], j.get("job_id").asLong());
            }
        } finally {
            migration.detachAppender(appender);
            migration.setLevel(level);
            appender.stop();
        }
        long jobId = newest[0];
        List<JsonNode> lines = new ArrayList<>();
        for (String line : captured.toString(StandardCharsets.UTF_8).split("\n")) {
            JsonNode node = JSON.readTree(line); // one whole object per line, nothing else
            assertThat(node.isObject()).as(line).isTrue();
            lines.add(node);
        }
        List<JsonNode> ofJob = lines.stream().filter(l -> l.get("formattedMessage").asText()
                .startsWith("migration job " + jobId + " ")).toList();
        assertThat(ofJob).as(lines.toString()).hasSizeGreaterThanOrEqualTo(3); // started, dry runs, applying
        assertThat(lines).allSatisfy(l -> assertThat(l.path("mdc").path("job").asText()).as(l.toString())
                .matches("\\d+"));
        assertThat(ofJob).allSatisfy(l -> assertThat(l.get("mdc").get("job").asLong()).isEqualTo(jobId));
    }
}
