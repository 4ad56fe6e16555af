package dev.shoal.cli.db;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.shoal.cli.api.ApiClient;
import dev.shoal.cli.api.Session;
import dev.shoal.cli.shell.HranaHttp;
import dev.shoal.cli.shell.ShellException;
import dev.shoal.core.sql.Value;
import java.net.URI;
import java.util.List;
import java.util.Optional;

/**
 * The schema version a schema database or child is at: its {@code PRAGMA user_version}, which
 * Shoal owns in a schema family and moves with every migration. Read over the database's own
 * Hrana URL with a short-lived read-only token (as {@code db inspect} reads a database), so it
 * is what the database itself says, not a copy kept elsewhere.
 */
final class SchemaVersion {
    private SchemaVersion() {}

    /** The version, or why it could not be read (the rest of {@code db show} is still worth printing). */
    static String describe(Session s, JsonNode db) {
        String name = db.path("Name").asText();
        try {
            String jwt = s.client().post(s.orgPath("/databases/" + ApiClient.encode(name)
                    + "/auth/tokens?expiration=1h&authorization=read-only"), JsonNodeFactory.instance.objectNode())
                    .path("jwt").asText();
            try (HranaHttp sql = new HranaHttp(URI.create(Databases.httpUrl(s, db)), Optional.of(jwt))) {
                List<List<Value>> rows = sql.execute("PRAGMA user_version").rows();
                if (rows.size() == 1 && rows.get(0).get(0) instanceof Value.Integer v) {
                    return Long.toString(v.value());
                }
                return "unknown (PRAGMA user_version gave " + rows + ")";
            }
        } catch (ShellException | ApiClient.ApiError e) {
            return "unknown (" + e.getMessage() + ")";
        }
    }
}
