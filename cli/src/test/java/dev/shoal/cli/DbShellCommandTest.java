package dev.shoal.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shoal.server.ServerConfig;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `shoal db shell` through the real command, on a server that requires tokens (as `serve` does). */
class DbShellCommandTest {
    @TempDir
    Path dir;

    CliHarness cli;

    @BeforeEach
    void start() {
        cli = new CliHarness(dir, ServerConfig.dev(dir.resolve("data"), 0).withRequireAuth(true)).login();
        assertThat(cli.run("db", "create", "mydb").exit()).isZero();
    }

    @AfterEach
    void stop() {
        cli.close();
    }

    @Test
    void byNameOneShotGetsATokenAutomatically() {
        assertThat(cli.run("db", "shell", "mydb", "CREATE TABLE t(a INTEGER, b TEXT); INSERT INTO t VALUES (1, 'x')").exit())
                .isZero();
        CliHarness.Result r = cli.run("db", "shell", "mydb", "SELECT a, b FROM t");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("A").contains("B").contains("1").contains("x");
    }

    @Test
    void pipedInputRunsOnceAndStopsAtTheFirstError() {
        CliHarness.Result r = cli.input("CREATE TABLE t(a PRIMARY KEY);\nINSERT INTO t VALUES (1);\nINSERT INTO t VALUES (1);\n"
                + "INSERT INTO t VALUES (2);\n", "db", "shell", "mydb");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).contains("Error: SQLITE_CONSTRAINT");
        assertThat(cli.run("db", "shell", "mydb", "SELECT count(*) AS n FROM t").out()).containsPattern("N\\s*\\n1");
    }

    @Test
    void aUrlOfTheLoggedInServerGetsATokenAutomatically() {
        String url = cli.run("db", "show", "mydb", "--http-url").out().trim();
        CliHarness.Result r = cli.run("db", "shell", url, "SELECT 40 + 2 AS answer");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("ANSWER").contains("42");
    }

    @Test
    void aUrlMayCarryItsOwnTokenAndWithoutOneTheServerRefuses() {
        String url = cli.run("db", "show", "mydb", "--http-url").out().trim();
        String token = cli.run("db", "tokens", "create", "mydb", "--read-only").out().trim();
        cli.run("auth", "logout");
        CliHarness.Result withToken = cli.run("db", "shell", url + "?authToken=" + token, "SELECT 7 AS seven");
        assertThat(withToken.exit()).as(withToken.err()).isZero();
        assertThat(withToken.out()).contains("7");
        CliHarness.Result write = cli.run("db", "shell", url + "?jwt=" + token, "CREATE TABLE nope(a)");
        assertThat(write.exit()).isEqualTo(1);
        assertThat(write.err()).contains("SQLITE_READONLY");
        CliHarness.Result none = cli.run("db", "shell", url, "SELECT 1");
        assertThat(none.exit()).isEqualTo(1);
        assertThat(none.err()).contains("UNAUTHORIZED");
        CliHarness.Result libsql = cli.run("db", "shell", url.replace("http://", "libsql://") + "?tls=0&authToken=" + token,
                "SELECT 8 AS eight");
        assertThat(libsql.exit()).as(libsql.err()).isZero();
        assertThat(libsql.out()).contains("8");
    }

    @Test
    void attachLetsTheShellJoinAnotherDatabaseThatAllowsIt() {
        assertThat(cli.run("db", "shell", "mydb", "CREATE TABLE promotions(category TEXT, discount INT); "
                + "INSERT INTO promotions VALUES ('books', 10), ('games', 20)").exit()).isZero();
        assertThat(cli.run("db", "create", "user1").exit()).isZero();
        assertThat(cli.run("db", "shell", "user1", "CREATE TABLE user_preferences(user_id INT, interested_category TEXT); "
                + "INSERT INTO user_preferences VALUES (1, 'games')").exit()).isZero();
        String join = "ATTACH user1 AS userdb; SELECT category, discount FROM promotions "
                + "JOIN userdb.user_preferences AS up ON category = up.interested_category WHERE up.user_id = 1";

        CliHarness.Result notAllowed = cli.run("db", "shell", "mydb", "--attach", "user1", join);
        assertThat(notAllowed.exit()).isEqualTo(1);
        assertThat(notAllowed.err()).contains("doesn't allow attach");

        assertThat(cli.run("db", "config", "attach", "allow", "user1").exit()).isZero();
        CliHarness.Result noRight = cli.run("db", "shell", "mydb", join);
        assertThat(noRight.exit()).isEqualTo(1);
        assertThat(noRight.err()).contains("a full-access token does not imply attach");

        CliHarness.Result r = cli.run("db", "shell", "mydb", "--attach", "user1", join);
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).containsPattern("CATEGORY\\s+DISCOUNT\\s*\\ngames\\s+20");

        CliHarness.Result ghost = cli.run("db", "shell", "mydb", "--attach", "ghost", "SELECT 1");
        assertThat(ghost.exit()).isEqualTo(1);
        assertThat(ghost.err()).isEqualTo("Error: failed to generate database token: databases does not exist: ghost\n");
    }

    @Test
    void unknownDatabaseNameIsAClearError() {
        CliHarness.Result r = cli.run("db", "shell", "ghost", "SELECT 1");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("Error: database ghost not found. List known databases using shoal db list\n");
    }
}
