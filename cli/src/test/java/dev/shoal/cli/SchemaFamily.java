package dev.shoal.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shoal.testkit.HttpJson;
import dev.shoal.testkit.PlatformClient;
import java.nio.file.Path;
import java.util.Map;

/**
 * A real server (dev mode, the CLI logged in) with a schema database {@value #SCHEMA} of
 * {@value #CHILDREN} children and a regular database {@value #REGULAR}, for the progress tests. The
 * children are created through the Platform API (a CLI process each would take minutes).
 */
final class SchemaFamily implements AutoCloseable {
    static final String SCHEMA = "fam";
    static final String REGULAR = "solo";
    static final int CHILDREN = 200;
    /**
     * A migration that takes a while on every child (about a second for the whole family on an
     * idle 2-core machine, longer on a busy one): a count over a generated series, inserted.
     */
    static final String SLOW_MIGRATION = "INSERT INTO t(x) SELECT count(*) FROM (WITH RECURSIVE c(i) AS "
            + "(SELECT 1 UNION ALL SELECT i + 1 FROM c WHERE i < 50000) SELECT i FROM c)";

    final CliHarness cli;

    SchemaFamily(Path dir) {
        cli = new CliHarness(dir).login();
        ok(cli.run("db", "create", SCHEMA, "--type", "schema"));
        ok(cli.run("db", "shell", SCHEMA, "CREATE TABLE t (x INTEGER)"));
        PlatformClient api = new PlatformClient(new HttpJson(), cli.server.url(), "admin");
        for (int i = 1; i <= CHILDREN; i++) {
            HttpJson.Response r = api.createRaw(Map.of("name", "kid" + i, "schema", SCHEMA));
            assertThat(r.status()).as(r.toString()).isEqualTo(200);
        }
        ok(cli.run("db", "create", REGULAR));
        ok(cli.run("db", "shell", REGULAR, "CREATE TABLE t (x INTEGER)"));
    }

    /** The URL {@code db show --http-url} prints for {@code db}. */
    String httpUrl(String db) {
        return ok(cli.run("db", "show", db, "--http-url")).out().trim();
    }

    static CliHarness.Result ok(CliHarness.Result r) {
        assertThat(r.exit()).as(r.out() + r.err()).isZero();
        return r;
    }

    @Override
    public void close() {
        cli.close();
    }
}
