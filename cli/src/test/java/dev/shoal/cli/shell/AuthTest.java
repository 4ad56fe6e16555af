package dev.shoal.cli.shell;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shoal.cli.shell.ShellTestSupport.Run;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A server that requires SQL tokens: the token goes as {@code Authorization: Bearer}. */
class AuthTest {
    private static ShellTestSupport support;

    @BeforeAll
    static void setUp() {
        support = ShellTestSupport.start(c -> c.withRequireAuth(true));
    }

    @AfterAll
    static void tearDown() {
        support.close();
    }

    private static String databaseToken(String db) throws Exception {
        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(support.server.url()
                            + "/v1/organizations/admin/databases/" + db + "/auth/tokens"))
                    .header("Authorization", "Bearer " + support.server.firstApiToken().orElseThrow())
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            return new ObjectMapper().readTree(r.body()).get("jwt").asText();
        }
    }

    @Test
    void theTokenIsSentAndItsAbsenceReported() throws Exception {
        ShellTarget open = support.newDatabase();
        Run denied = ShellTestSupport.oneShot(open, "SELECT 1;");
        assertThat(denied.exit()).isEqualTo(1);
        assertThat(denied.out()).isEmpty();
        assertThat(denied.err()).startsWith("Error: UNAUTHORIZED: ").endsWith("\n");

        ShellTarget withToken = new ShellTarget(open.url(), Optional.of(databaseToken(open.displayName())),
                open.displayName(), open.libsqlUrl());
        assertThat(ShellTestSupport.oneShot(withToken, "CREATE TABLE t(x); INSERT INTO t VALUES (1);\n.mode csv\nSELECT x FROM t;"))
                .isEqualTo(new Run(0, "x\n1\n", ""));
        // the whole session, .dump's cursor requests included, carries it
        assertThat(ShellTestSupport.oneShot(withToken, ".dump").out()).contains("INSERT INTO t VALUES(1);\n");
    }
}
