package dev.shoal.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DbCommandsTest {
    @TempDir
    Path dir;

    CliHarness cli;

    @BeforeEach
    void start() {
        cli = new CliHarness(dir).login();
    }

    @AfterEach
    void stop() {
        cli.close();
    }

    @Test
    void createPrintsTursoStyleOutputAndListShowsIt() {
        CliHarness.Result r = cli.run("db", "create", "mydb");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).matches("(?s)Created database mydb at group default in \\d+(ms|\\.\\d\\ds)\\.\n.*"
                + "shoal db shell mydb.*shoal db show mydb.*shoal db tokens create mydb\n");
        String list = cli.run("db", "list").out();
        assertThat(list).startsWith("NAME").contains("TYPE").contains("GROUP").contains("URL");
        assertThat(list).containsPattern("mydb\\s+regular\\s+default\\s+http://127\\.0\\.0\\.1:\\d+/db/admin/mydb/");
    }

    @Test
    void duplicateNamesAndBadTypesAreClearErrors() {
        cli.run("db", "create", "mydb");
        CliHarness.Result dup = cli.run("db", "create", "mydb");
        assertThat(dup.exit()).isEqualTo(1);
        assertThat(dup.err()).isEqualTo("Error: could not create database mydb: database with name mydb already exists\n");
        CliHarness.Result type = cli.run("db", "create", "x", "--type", "weird");
        assertThat(type.exit()).as("a usage error").isEqualTo(2);
        assertThat(type.err()).isEqualTo("Error: invalid --type `weird`: use regular or schema\n"
                + "Run 'shoal db create --help' for usage.\n");
        CliHarness.Result both = cli.run("db", "create", "x", "--type", "schema", "--schema", "mydb");
        assertThat(both.exit()).isEqualTo(2);
        assertThat(both.err()).startsWith("Error: --type schema and --schema cannot be used together");
        CliHarness.Result bad = cli.run("db", "create", "Bad_Name");
        assertThat(bad.exit()).isEqualTo(1);
        assertThat(bad.err()).contains("use only lowercase letters, digits and dashes");
    }

    @Test
    void schemaDatabasesAndChildrenAreListedBySchema() {
        assertThat(cli.run("db", "create", "slack", "--type", "schema").exit()).isZero();
        assertThat(cli.run("db", "create", "ws1", "--schema", "slack").exit()).isZero();
        assertThat(cli.run("db", "create", "other").exit()).isZero();
        String children = cli.run("db", "list", "--schema", "slack").out();
        assertThat(children).contains("ws1").doesNotContain("other").doesNotContain("slack ");
        assertThat(children).containsPattern("ws1\\s+child");
        String all = cli.run("db", "list").out();
        assertThat(all).containsPattern("slack\\s+schema");
        CliHarness.Result notSchema = cli.run("db", "create", "ws2", "--schema", "other");
        assertThat(notSchema.err()).contains("is not a schema database");
    }

    @Test
    void groupFlagMustNameAnExistingGroupAndSeveralGroupsNeedIt() {
        CliHarness.Result missing = cli.run("db", "create", "x", "--group", "nope");
        assertThat(missing.err()).isEqualTo("Error: group nope does not exist. Please double-check the name. You can run "
                + "'shoal group list' to get a list of your groups, or 'shoal group create' to make a new one\n");
        cli.run("group", "create", "eu");
        CliHarness.Result ambiguous = cli.run("db", "create", "x");
        assertThat(ambiguous.err()).isEqualTo("Error: you have more than one database group. Please specify one with --group\n");
        assertThat(cli.run("db", "create", "x", "--group", "eu").out()).contains("at group eu");
        assertThat(cli.run("db", "list", "--group", "eu").out()).contains("x ").doesNotContain("default ");
    }

    @Test
    void listByAGroupOrSchemaThatDoesNotExistIsAnErrorNotAnEmptyList() {
        CliHarness.Result group = cli.run("db", "list", "--group", "nosuch");
        assertThat(group.exit()).isEqualTo(1);
        assertThat(group.out()).isEmpty();
        assertThat(group.err()).as("the same text as db create --group")
                .isEqualTo(cli.run("db", "create", "x", "--group", "nosuch").err())
                .isEqualTo("Error: group nosuch does not exist. Please double-check the name. You can run "
                        + "'shoal group list' to get a list of your groups, or 'shoal group create' to make a new one\n");
        CliHarness.Result schema = cli.run("db", "list", "--schema", "nosuch");
        assertThat(schema.exit()).isEqualTo(1);
        assertThat(schema.err()).isEqualTo("Error: database nosuch not found. List known databases using shoal db list\n");
        cli.run("db", "create", "plain");
        CliHarness.Result notSchema = cli.run("db", "list", "--schema", "plain");
        assertThat(notSchema.exit()).isEqualTo(1);
        assertThat(notSchema.err()).startsWith("Error: database plain is not a schema database, so it has no children");
    }

    @Test
    void seedFilesThatCannotBeReadOrAreNotSqliteAreClearErrors() throws Exception {
        CliHarness.Result missing = cli.run("db", "create", "x", "--from-dump", dir.resolve("nope.sql").toString());
        assertThat(missing.exit()).isEqualTo(1);
        assertThat(missing.err()).isEqualTo("Error: cannot read " + dir.resolve("nope.sql") + ": no such file\n");
        Path text = dir.resolve("notes.txt");
        Files.writeString(text, "root:x:0:0:root:/root:/bin/bash\n");
        CliHarness.Result notSqlite = cli.run("db", "create", "x", "--from-file", text.toString());
        assertThat(notSqlite.exit()).isEqualTo(1);
        assertThat(notSqlite.err()).isEqualTo("Error: " + text + " is not a SQLite database file; for a SQL dump use "
                + "--from-dump\n");
        assertThat(cli.run("db", "list").out()).doesNotContain("x ");
    }

    @Test
    void showPrintsUrlsAndDetails() {
        cli.run("db", "create", "mydb");
        String url = cli.run("db", "show", "mydb", "--http-url").out().trim();
        assertThat(url).matches("http://127\\.0\\.0\\.1:\\d+/db/admin/mydb/");
        assertThat(cli.run("db", "show", "mydb", "--url").out().trim()).matches("libsql://127\\.0\\.0\\.1:\\d+/db/admin/mydb/\\?tls=0");
        String full = cli.run("db", "show", "mydb").out();
        assertThat(full).contains(String.format("%-19s %s", "Name:", "mydb"))
                .contains(String.format("%-19s %s", "Group:", "default"))
                .contains(String.format("%-19s %s", "Is Schema:", "No"))
                .contains("Database Instances:").containsPattern("local\\s+primary\\s+local");
        CliHarness.Result missing = cli.run("db", "show", "nope");
        assertThat(missing.exit()).isEqualTo(1);
        assertThat(missing.err()).isEqualTo("Error: database nope not found. List known databases using shoal db list\n");
    }

    @Test
    void destroyAsksFirstAndCanBeDeclined() {
        cli.run("db", "create", "a");
        cli.run("db", "create", "b");
        CliHarness.Result no = cli.input("n\n", "db", "destroy", "a");
        assertThat(no.out()).isEqualTo("Database a and all its data will be destroyed.\n"
                + "Are you sure you want to do this? [y/n]: Database destruction avoided.\n");
        CliHarness.Result retry = cli.input("maybe\ny\n", "db", "destroy", "a");
        assertThat(retry.out()).contains("Please answer with yes or no.").containsPattern("Destroyed database a in \\d+");
        cli.run("db", "create", "a");
        CliHarness.Result both = cli.run("db", "destroy", "a", "b", "--yes");
        assertThat(both.out()).containsPattern("Destroyed 2 databases in ");
        assertThat(cli.run("db", "list").out()).doesNotContain("a ").doesNotContain("b ");
        CliHarness.Result unknown = cli.run("db", "destroy", "ghost", "-y");
        assertThat(unknown.exit()).isEqualTo(1);
        assertThat(unknown.err()).contains("database ghost not found");
    }

    @Test
    void tokensCreateAndInvalidate() {
        cli.run("db", "create", "mydb");
        CliHarness.Result t = cli.run("db", "tokens", "create", "mydb", "-e", "7d", "--read-only");
        assertThat(t.exit()).isZero();
        assertThat(t.out().trim()).matches("[\\w-]+\\.[\\w-]+\\.[\\w-]+");
        assertThat(cli.run("db", "tokens", "create", "mydb", "--group").exit()).isZero();
        cli.run("db", "create", "other");
        assertThat(cli.run("db", "tokens", "create", "mydb", "--attach", "other").exit()).isZero();
        CliHarness.Result attachMissing = cli.run("db", "tokens", "create", "mydb", "--attach", "ghost,nope");
        assertThat(attachMissing.err()).isEqualTo("Error: failed to generate database token: databases does not exist: ghost, nope\n");
        CliHarness.Result badExp = cli.run("db", "tokens", "create", "mydb", "-e", "soon");
        assertThat(badExp.exit()).as("a usage error").isEqualTo(2);
        assertThat(badExp.err()).contains("expiration must be either 'never' or a duration");
        CliHarness.Result inv = cli.run("db", "tokens", "invalidate", "mydb", "-y");
        assertThat(inv.out()).startsWith("✔  Success! Tokens invalidated successfully.");
    }

    @Test
    void configAttachAndDeleteProtection() {
        cli.run("db", "create", "mydb");
        assertThat(cli.run("db", "config", "attach", "show", "mydb").out()).isEqualTo("Attach not allowed\n");
        assertThat(cli.run("db", "config", "attach", "allow", "mydb").exit()).isZero();
        assertThat(cli.run("db", "config", "attach", "show", "mydb").out()).isEqualTo("Attach allowed\n");
        cli.run("db", "config", "attach", "disallow", "mydb");
        CliHarness.Result bad = cli.run("db", "config", "attach", "maybe", "mydb");
        assertThat(bad.exit()).isEqualTo(2);
        assertThat(bad.err()).isEqualTo("Error: unknown action `maybe`: use allow, disallow or show\n"
                + "Run 'shoal db config attach --help' for usage.\n");
        assertThat(cli.run("db", "config", "attach", "show", "mydb").out()).isEqualTo("Attach not allowed\n");
        cli.run("db", "config", "delete-protection", "enable", "mydb");
        assertThat(cli.run("db", "config", "delete-protection", "show", "mydb").out()).isEqualTo("Delete Protection on\n");
        CliHarness.Result refused = cli.run("db", "destroy", "mydb", "-y");
        assertThat(refused.exit()).isEqualTo(1);
        assertThat(refused.err()).contains("delete protection on");
        cli.run("db", "config", "delete-protection", "disable", "mydb");
        assertThat(cli.run("db", "destroy", "mydb", "-y").exit()).isZero();
    }

    @Test
    void createFromDbDumpAndFileThenInspect() throws Exception {
        cli.run("db", "create", "src");
        Path dump = dir.resolve("dump.sql");
        Files.writeString(dump, "PRAGMA foreign_keys=OFF;\nBEGIN TRANSACTION;\nCREATE TABLE t(a INTEGER, b TEXT);\n"
                + "INSERT INTO t VALUES(1,'x;y');\nINSERT INTO t VALUES(2,'z');\nCOMMIT;\n");
        assertThat(cli.run("db", "create", "fromdump", "--from-dump", dump.toString()).exit()).isZero();
        Path file = dir.resolve("local.db");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement st = c.createStatement()) {
            st.executeUpdate("CREATE TABLE people(name TEXT); INSERT INTO people VALUES ('ann'), ('bob'), ('cy');");
        }
        assertThat(cli.run("db", "create", "fromfile", "--from-file", file.toString()).exit()).isZero();
        assertThat(cli.run("db", "create", "copy", "--from-db", "fromfile").exit()).isZero();
        String inspect = cli.run("db", "inspect", "copy").out();
        assertThat(inspect).contains("Total space used:").containsPattern("people\\s+3");
        assertThat(cli.run("db", "inspect", "fromdump").out()).containsPattern("t\\s+2");
        CliHarness.Result two = cli.run("db", "create", "x", "--from-db", "src", "--from-dump", dump.toString());
        assertThat(two.exit()).isEqualTo(2);
        assertThat(two.err()).startsWith("Error: only one of --from prefixed flags can be used at a time\n");
        Path junk = dir.resolve("junk.sql");
        Files.writeString(junk, "CREATE TABLE oops(");
        CliHarness.Result broken = cli.run("db", "create", "broken", "--from-dump", junk.toString());
        assertThat(broken.exit()).isEqualTo(1);
        assertThat(broken.err()).contains("could not create database broken: the dump was refused at statement 1");
        assertThat(cli.run("db", "list").out()).doesNotContain("broken");
    }

    @Test
    void groupsCreateShowListTokensAndDestroy() {
        assertThat(cli.run("group", "create", "eu").out()).matches("Created group eu at local in \\d+(ms|\\.\\d\\ds)\\.\n");
        assertThat(cli.run("group", "list").out()).containsPattern("eu\\s+local \\(primary\\)\\s+shoal\\s+Healthy");
        assertThat(cli.run("group", "show", "eu").out()).isEqualTo(String.format("%-19s%s%n%-19s%s%n%-19s%s%n%-19s%s%n",
                "Locations:", "local (primary)", "Version:", "shoal", "Status:", "Healthy", "Delete Protection:", "off"));
        assertThat(cli.run("group", "tokens", "create", "eu", "-r").out().trim()).contains(".");
        assertThat(cli.run("group", "tokens", "invalidate", "eu", "-y").out()).contains("Tokens invalidated successfully");
        cli.run("db", "create", "x", "--group", "eu");
        CliHarness.Result no = cli.input("n\n", "group", "destroy", "eu");
        assertThat(no.out()).contains("Group eu, all its replicas and databases will be destroyed.")
                .endsWith("Group destruction avoided.\n");
        assertThat(cli.run("group", "destroy", "eu", "-y").out()).containsPattern("Destroyed group eu in ");
        assertThat(cli.run("db", "list").out()).doesNotContain("x ");
        CliHarness.Result missing = cli.run("group", "show", "eu");
        assertThat(missing.err()).isEqualTo("Error: group not found\n");
    }

    @Test
    void everyCommandHasHelpWithAnExample() {
        for (String[] cmd : new String[][] {{"db", "create"}, {"db", "list"}, {"db", "shell"}, {"db", "tokens"},
                {"group", "create"}, {"auth", "login"}, {"org", "list"}, {"dev"}, {"serve"}, {"completion"}}) {
            String[] args = java.util.Arrays.copyOf(cmd, cmd.length + 1);
            args[cmd.length] = "--help";
            CliHarness.Result r = cli.run(args);
            assertThat(r.exit()).as(String.join(" ", cmd)).isZero();
            assertThat(r.out()).as(String.join(" ", cmd)).contains("Usage:").containsIgnoringCase("example");
        }
    }

    @Test
    void everyCommandInTheTreeHasDescriptionAndExampleInItsHelp() {
        java.util.List<String> missing = new java.util.ArrayList<>();
        java.util.ArrayDeque<picocli.CommandLine> todo = new java.util.ArrayDeque<>();
        todo.add(ShoalCommand.create(new CliEnv(java.io.InputStream.nullInputStream(), System.out, System.err,
                java.util.Map.of(), false)));
        while (!todo.isEmpty()) {
            picocli.CommandLine c = todo.pop();
            String name = c.getCommandSpec().qualifiedName();
            if (!name.endsWith(" help")) {
                String usage = c.getUsageMessage();
                if (!usage.contains("Example") || c.getCommandSpec().usageMessage().description().length == 0) {
                    missing.add(name);
                }
            }
            todo.addAll(c.getSubcommands().values());
        }
        assertThat(missing).as("commands whose --help lacks a description or an example").isEmpty();
    }

    @Test
    void completionScriptIsGenerated() {
        CliHarness.Result r = cli.run("completion");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("complete -F").contains("shoal");
    }
}
