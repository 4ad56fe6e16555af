package dev.shoal.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuthCommandsTest {
    @TempDir
    Path dir;

    CliHarness cli;

    @BeforeEach
    void start() {
        cli = new CliHarness(dir);
    }

    @AfterEach
    void stop() {
        cli.close();
    }

    @Test
    void everyCommandNeedsALoginFirst() {
        CliHarness.Result r = cli.run("db", "list");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("Error: You are not logged in, please login with shoal auth login before running "
                + "other commands.\n");
    }

    @Test
    void loginChecksTheTokenWithTheServer() {
        String howToGetOne = ". A new server writes its first API token to <data-dir>/first-api-token; a logged-in CLI "
                + "mints more with `shoal auth api-tokens mint NAME`\n";
        CliHarness.Result bad = cli.run("auth", "login", "--url", cli.server.url(), "--token", "bogus");
        assertThat(bad.exit()).isEqualTo(1);
        assertThat(bad.err()).isEqualTo("Error: login failed: the server at " + cli.server.url() + " did not accept the "
                + "token: this is not a Shoal API token (those start with shoal_; a database token will not do)"
                + howToGetOne);
        CliHarness.Result unknown = cli.run("auth", "login", "--url", cli.server.url(), "--token", "shoal_bogus");
        assertThat(unknown.exit()).isEqualTo(1);
        assertThat(unknown.err()).isEqualTo("Error: login failed: the server at " + cli.server.url() + " did not accept "
                + "the token: it does not know this API token (unknown or revoked)" + howToGetOne);
        assertThat(dir.resolve("config/settings.json")).as("a refused login stores nothing").doesNotExist();
        CliHarness.Result ok = cli.run("auth", "login", "--url", cli.server.url(), "--token", cli.apiToken());
        assertThat(ok.exit()).isZero();
        assertThat(ok.out()).isEqualTo("✔  Success! Logged in as admin\n");
        assertThat(cli.run("auth", "whoami").out()).isEqualTo("admin\n");
    }

    @Test
    void loginToSomethingThatIsNotAShoalServerSaysSo() throws Exception {
        HttpServer other = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        other.createContext("/", exchange -> {
            exchange.sendResponseHeaders(404, -1);
            exchange.close();
        });
        other.start();
        try {
            String url = "http://127.0.0.1:" + other.getAddress().getPort();
            CliHarness.Result r = cli.run("auth", "login", "--url", url, "--token", cli.apiToken());
            assertThat(r.exit()).isEqualTo(1);
            assertThat(r.err()).isEqualTo("Error: login failed: " + url + " has no Shoal Platform API "
                    + "(GET /v1/current-user answered 404); check --url\n");
        } finally {
            other.stop(0);
        }
    }

    @Test
    void aRevokedStoredTokenSaysToLogInAgain() {
        cli.login();
        cli.server.apiTokens().revoke("admin", "first-token");
        CliHarness.Result r = cli.run("db", "list");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("Error: the server did not accept the API token (invalid API token: unknown or "
                + "revoked); log in again with shoal auth login, or check SHOAL_API_TOKEN\n");
    }

    @Test
    void aNameWithASpaceIsReportedAsTyped() {
        cli.login();
        CliHarness.Result r = cli.run("auth", "api-tokens", "mint", "Bad Name");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).contains("`Bad Name`").doesNotContain("Bad+Name");
    }

    @Test
    void loginReadsThePastedTokenFromStdin() {
        CliHarness.Result ok = cli.input(cli.apiToken() + "\n", "auth", "login", "--url", cli.server.url());
        assertThat(ok.exit()).isZero();
        assertThat(cli.run("auth", "whoami").out()).isEqualTo("admin\n");
    }

    @Test
    void tokenPrintsTheStoredTokenAndLogoutForgetsIt() {
        cli.login();
        CliHarness.Result t = cli.run("auth", "token");
        assertThat(t.out()).isEqualTo(cli.apiToken() + "\n");
        assertThat(t.err()).contains("keep it secret");
        assertThat(cli.run("auth", "logout").out()).isEqualTo("Logged out.\n");
        assertThat(cli.run("auth", "whoami").exit()).isEqualTo(1);
    }

    @Test
    void environmentVariablesOverrideTheSettingsFile() {
        cli.variables.put("SHOAL_URL", cli.server.url());
        cli.variables.put("SHOAL_API_TOKEN", cli.apiToken());
        assertThat(cli.run("auth", "whoami").out()).isEqualTo("admin\n");
    }

    @Test
    void apiTokensMintListAndRevokeWithConfirmation() {
        cli.login();
        CliHarness.Result mint = cli.run("auth", "api-tokens", "mint", "ci");
        assertThat(mint.exit()).isZero();
        String secret = mint.out().trim();
        assertThat(secret).startsWith("shoal_");
        CliHarness.Result ro = cli.run("auth", "api-tokens", "mint", "ro", "--org", "admin", "--read-only");
        assertThat(ro.exit()).isZero();
        String list = cli.run("auth", "api-tokens", "list").out();
        assertThat(list).startsWith("NAME").contains("ci ").contains("all").contains("admin").contains("read");

        assertThat(cli.input("n\n", "auth", "api-tokens", "revoke", "ci").out()).contains("Token revocation avoided.");
        CliHarness.Result yes = cli.input("y\n", "auth", "api-tokens", "revoke", "ci");
        assertThat(yes.out()).contains("Are you sure you want to revoke this token? [y/n]: ")
                .contains("API token ci successfully revoked.");
        assertThat(cli.run("auth", "api-tokens", "revoke", "ci").out()).isEqualTo("API token not found, revocation skipped.\n");

        cli.variables.put("SHOAL_API_TOKEN", secret);
        cli.variables.put("SHOAL_URL", cli.server.url());
        assertThat(cli.run("auth", "whoami").exit()).isEqualTo(1);
    }

    @Test
    void orgCreateSwitchListAndMembers() {
        cli.login();
        assertThat(cli.run("org", "create", "acme").out()).contains("Created organization acme.");
        assertThat(cli.run("org", "switch", "acme").out()).isEqualTo("Current organization set to acme.\n");
        String list = cli.run("org", "list").out();
        assertThat(list).contains("acme").containsPattern("acme\\s+acme\\s+team\\s+\\*");
        assertThat(cli.run("org", "members", "list").out()).contains("admin").contains("owner");
        CliHarness.Result missing = cli.run("org", "switch", "nope");
        assertThat(missing.exit()).isEqualTo(1);
        assertThat(missing.err()).contains("organization nope not found");
        CliHarness.Result add = cli.run("org", "members", "add", "ghost");
        assertThat(add.exit()).isEqualTo(1);
        assertThat(add.err()).isEqualTo("Error: user not found\n");
    }
}
