package dev.shoal.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exit codes as docs/cli.md states them: 0 success, 1 a failure, 2 a command line the command
 * cannot take. Every error is one {@code Error: …} line on stderr (a usage error adds where the
 * help is), never the whole usage text or a stack trace.
 */
class ExitCodesTest {
    @TempDir
    Path dir;

    private CliHarness.Result run(String... args) {
        return CliHarness.execute(Map.of("HOME", dir.resolve("home").toString()), "", false, args);
    }

    @Test
    void unknownOptionIsAUsageError() {
        CliHarness.Result r = run("db", "list", "--bogus");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).isEqualTo("Error: Unknown option: '--bogus'\nRun 'shoal db list --help' for usage.\n");
    }

    @Test
    void mistypedCommandSuggestsTheRightOne() {
        CliHarness.Result r = run("db", "lst");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).startsWith("Error: Unmatched argument at index 1: 'lst'\n").contains("list")
                .endsWith("Run 'shoal db --help' for usage.\n");
    }

    @Test
    void missingArgumentAndMalformedValueAreUsageErrors() {
        CliHarness.Result missing = run("db", "shell");
        assertThat(missing.exit()).isEqualTo(2);
        assertThat(missing.err()).isEqualTo("Error: Missing required parameter: '<name|url>'\n"
                + "Run 'shoal db shell --help' for usage.\n");
        CliHarness.Result notANumber = run("dev", "--port", "abc");
        assertThat(notANumber.exit()).isEqualTo(2);
        assertThat(notANumber.err()).isEqualTo("Error: Invalid value for option '--port': 'abc' is not an int\n"
                + "Run 'shoal dev --help' for usage.\n");
    }

    @Test
    void optionValuesTheCommandChecksItselfAreUsageErrorsToo() {
        CliHarness.Result type = run("db", "create", "x", "--type", "weird");
        assertThat(type.exit()).isEqualTo(2);
        assertThat(type.err()).isEqualTo("Error: invalid --type `weird`: use regular or schema\n"
                + "Run 'shoal db create --help' for usage.\n");
        assertThat(run("auth", "api-tokens", "mint", "t", "--group", "g").exit()).isEqualTo(2);
        assertThat(run("db", "config", "attach", "maybe", "db1").exit()).isEqualTo(2);
    }

    @Test
    void failuresThatAreNotTheCommandLinesFaultExitOne() {
        CliHarness.Result r = run("db", "list");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("Error: " + dev.shoal.cli.api.Session.NOT_LOGGED_IN + "\n");
    }

    @Test
    void helpAndVersionExitZero() {
        assertThat(run("--help").exit()).isZero();
        assertThat(run("db", "list", "--help").exit()).isZero();
        assertThat(run("--version").exit()).isZero();
    }
}
