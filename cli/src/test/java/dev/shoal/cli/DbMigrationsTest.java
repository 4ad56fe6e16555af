package dev.shoal.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code shoal db migrations list|show|plan} against a real server. */
class DbMigrationsTest {
    @TempDir
    Path dir;

    CliHarness cli;

    @BeforeEach
    void start() {
        cli = new CliHarness(dir).login();
        assertThat(cli.run("db", "create", "mig-schema", "--type", "schema").exit()).isZero();
        assertThat(cli.input("CREATE TABLE users (email TEXT);\n", "db", "shell", "mig-schema").exit()).isZero();
        for (String kid : new String[] {"mig-a", "mig-dup"}) {
            assertThat(cli.run("db", "create", kid, "--schema", "mig-schema").exit()).isZero();
        }
        assertThat(cli.input("INSERT INTO users VALUES ('a@x'), ('a@x');\n", "db", "shell", "mig-dup").exit()).isZero();
    }

    @AfterEach
    void stop() {
        cli.close();
    }

    @Test
    void planNamesTheChildThatWouldFailExitsOneAndChangesNothing() {
        CliHarness.Result bad = cli.run("db", "migrations", "plan", "mig-schema",
                "CREATE UNIQUE INDEX users_email ON users(email)");
        assertThat(bad.exit()).as(bad.err()).isEqualTo(1);
        assertThat(bad.out()).startsWith("The migration would fail on 1 of 2 children of mig-schema; nothing was changed.\n")
                .containsPattern("mig-dup\\s+UNIQUE constraint failed: users.email");
        CliHarness.Result good = cli.run("db", "migrations", "plan", "mig-schema", "ALTER TABLE users ADD COLUMN phone TEXT");
        assertThat(good.exit()).as(good.err()).isZero();
        assertThat(good.out()).matches("The migration would succeed on mig-schema and all 2 children \\(planned in [\\d,]+ ms\\)\\.\n");
        assertThat(cli.run("db", "shell", "mig-a", "SELECT count(*) FROM pragma_table_info('users')").out())
                .contains("1");
        CliHarness.Result own = cli.run("db", "migrations", "plan", "mig-schema", "CREATE TABLE users (x)");
        assertThat(own.exit()).isEqualTo(1);
        assertThat(own.out()).startsWith("The migration fails on mig-schema itself: ").contains("already exists");
    }

    @Test
    void listAndShowGiveTheHistoryAndEachChildsOutcome() {
        assertThat(cli.input("ALTER TABLE users ADD COLUMN phone TEXT;\n", "db", "shell", "mig-schema").exit()).isZero();
        CliHarness.Result list = cli.run("db", "migrations", "list", "mig-schema");
        assertThat(list.exit()).as(list.err()).isZero();
        assertThat(list.out()).startsWith("JOB").containsPattern("\\n(\\d+)\\s+RunSuccess\\s+2\\s");
        String job = CliHarness.newestJob(list);
        CliHarness.Result show = cli.run("db", "migrations", "show", "mig-schema", job);
        assertThat(show.exit()).as(show.err()).isZero();
        assertThat(show.out()).contains("Status:    RunSuccess").contains("Children:  2")
                .contains("SQL:       ALTER TABLE users ADD COLUMN phone TEXT")
                .containsPattern("mig-a\\s+RunSuccess\\s+1\\s+\\d+ ms").containsPattern("mig-dup\\s+RunSuccess");
        CliHarness.Result regular = cli.run("db", "migrations", "list", "mig-a");
        assertThat(regular.exit()).isEqualTo(1);
        assertThat(regular.err()).contains("Invalid namespace");
    }

    @Test
    void waitFollowsAJobToItsEndWithPlainLinesWhenNotATerminal() {
        CliHarness.Result none = cli.run("db", "migrations", "wait", "mig-schema");
        assertThat(none.exit()).as(none.err()).isZero();
        assertThat(none.out()).matches("(?s).*Job \\d+ of mig-schema: RunSuccess\n"); // the CREATE TABLE

        cli.input("CREATE UNIQUE INDEX users_email ON users(email);\n", "db", "shell", "mig-schema");
        CliHarness.Result failed = cli.run("db", "migrations", "wait", "mig-schema");
        assertThat(failed.exit()).isEqualTo(1);
        assertThat(failed.out()).contains("  mig-dup failed its dry-run: UNIQUE constraint failed: users.email\n")
                .containsPattern("job \\d+: dry run 2/2 databases, 1 failed\n")
                .endsWith(": DryRunFailure: migration dry run failed on database mig-dup: UNIQUE constraint failed: "
                        + "users.email\n");
        CliHarness.Result unknown = cli.run("db", "migrations", "wait", "mig-schema", "999999");
        assertThat(unknown.exit()).isEqualTo(1);
        assertThat(unknown.err()).contains("couldn't find requested migration job");
    }

    @Test
    void schemaCheckSaysEveryChildIsInStep() {
        CliHarness.Result r = cli.run("db", "schema", "check", "mig-schema");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).matches("All 2 children of mig-schema are at version \\d+ with its schema\\.\n");
        CliHarness.Result repaired = cli.run("db", "schema", "check", "mig-schema", "--repair");
        assertThat(repaired.exit()).as(repaired.err()).isZero();
        assertThat(repaired.out()).matches("All 2 children of mig-schema are at version \\d+ with its schema\\.\n");
        CliHarness.Result regular = cli.run("db", "schema", "check", "mig-a", "--repair");
        assertThat(regular.exit()).isEqualTo(1);
        assertThat(regular.err()).contains("database mig-a is not a schema database");
    }

    @Test
    void retryRefusesAJobThatDidNotFailWhileApplying() {
        cli.input("ALTER TABLE users ADD COLUMN phone TEXT;\n", "db", "shell", "mig-schema");
        String job = CliHarness.newestJob(cli.run("db", "migrations", "list", "mig-schema"));
        CliHarness.Result r = cli.run("db", "migrations", "retry", "mig-schema", job, "--wait");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).contains("only a job that ended with children left to migrate (RunFailure, Cancelled, "
                + "NeedsAttention) can be retried; job " + job + " is RunSuccess");
    }

    @Test
    void aStagedApplyStopsAfterItsFirstWaveAndPromoteLetsTheRestFollow() {
        CliHarness.Result staged = cli.run("db", "migrations", "apply", "mig-schema",
                "ALTER TABLE users ADD COLUMN phone TEXT", "--first-wave", "mig-a", "--wait");
        assertThat(staged.exit()).as(staged.err()).isZero();
        String job = staged.out().lines().findFirst().orElseThrow().split(" ")[1];
        assertThat(staged.out()).contains("Job " + job + " of mig-schema started (first wave: mig-a).\n")
                .contains("Job " + job + ": WaitingPromote — the first wave is migrated; let the rest follow with: "
                        + "shoal db migrations promote mig-schema " + job);
        assertThat(cli.run("db", "shell", "mig-dup", "SELECT count(*) FROM pragma_table_info('users')").out())
                .contains("1");
        CliHarness.Result pause = cli.run("db", "migrations", "pause", "mig-schema", job);
        assertThat(pause.exit()).isEqualTo(1);
        assertThat(pause.err()).contains("job " + job + " is waiting for its promote: promote or cancel it");
        CliHarness.Result promote = cli.run("db", "migrations", "promote", "mig-schema", job);
        assertThat(promote.exit()).as(promote.err()).isZero();
        assertThat(cli.run("db", "migrations", "wait", "mig-schema", job).out()).endsWith("Job " + job
                + " of mig-schema: RunSuccess\n");
        assertThat(cli.run("db", "shell", "mig-dup", "SELECT count(*) FROM pragma_table_info('users')").out())
                .contains("2");
        CliHarness.Result list = cli.run("db", "migrations", "list", "mig-schema");
        assertThat(list.out()).containsPattern(job + "\\s+RunSuccess\\s+\\d+\\s+admin\\s+2\\s+[\\d,]+ ms\\s+\\S+\\s+"
                + "ALTER TABLE users ADD COLUMN phone TEXT;").contains("mig-schema is at version ");
        assertThat(cli.run("db", "migrations", "show", "mig-schema", job).out()).contains("Sent by:   admin")
                .contains("Mode:      strict, staged (first wave: mig-a)");
    }

    @Test
    void cancelResumeAndPromoteSayWhatTheJobIs() {
        CliHarness.Result staged = cli.run("db", "migrations", "apply", "mig-schema", "CREATE TABLE later (x)",
                "--first-wave", "50%", "--wait");
        assertThat(staged.exit()).as(staged.err()).isZero();
        String job = staged.out().lines().findFirst().orElseThrow().split(" ")[1];
        CliHarness.Result resume = cli.run("db", "migrations", "resume", "mig-schema", job);
        assertThat(resume.exit()).isEqualTo(1);
        assertThat(resume.err()).contains("job " + job + " is not paused (it is WaitingPromote)");
        CliHarness.Result cancel = cli.run("db", "migrations", "cancel", "mig-schema", job);
        assertThat(cancel.exit()).as(cancel.err()).isZero();
        assertThat(cancel.out()).startsWith("Job " + job + " of mig-schema: Cancelled — cancelled while applying: 1 "
                + "children are migrated and stay so");
        CliHarness.Result promote = cli.run("db", "migrations", "promote", "mig-schema", job);
        assertThat(promote.exit()).isEqualTo(1);
        assertThat(promote.err()).contains("job " + job + " is Cancelled: only a job waiting after its first wave");
        CliHarness.Result badWave = cli.run("db", "migrations", "apply", "mig-schema", "CREATE TABLE x (y)",
                "--first-wave", "ten%");
        assertThat(badWave.exit()).isNotZero();
        assertThat(badWave.err()).contains("--first-wave ten%: a percentage is a whole number, e.g. 10%");
    }

    @Test
    void migrationModeIsASettingOfTheSchemaDatabase() {
        assertThat(cli.run("db", "config", "migration-mode", "show", "mig-schema").out()).isEqualTo("strict\n");
        assertThat(cli.run("db", "config", "migration-mode", "online", "mig-schema").exit()).isZero();
        assertThat(cli.run("db", "config", "migration-mode", "show", "mig-schema").out()).isEqualTo("online\n");
        assertThat(cli.run("db", "show", "mig-schema").out()).containsPattern("Migrations:\\s+online");
        CliHarness.Result child = cli.run("db", "config", "migration-mode", "online", "mig-a");
        assertThat(child.exit()).isEqualTo(1);
        assertThat(child.err()).contains("migration_mode applies to schema databases only");
    }
}
