package dev.shoal.cli.db;

import com.fasterxml.jackson.databind.JsonNode;
import dev.shoal.cli.CliException;
import dev.shoal.cli.api.ApiClient;
import dev.shoal.cli.api.Session;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Lookups and formatting shared by the `db` commands. */
final class Databases {
    private Databases() {}

    /** The database object, or the CLI's "not found" error. */
    static JsonNode get(Session s, String name) {
        try {
            return s.client().get(s.orgPath("/databases/" + ApiClient.encode(name))).path("database");
        } catch (ApiClient.ApiError e) {
            if (e.status() == 404) {
                throw new CliException("database " + name + " not found. List known databases using shoal db list");
            }
            throw e;
        }
    }

    /** The names of the organization's groups. */
    static List<String> groupNames(Session s) {
        List<String> groups = new ArrayList<>();
        for (JsonNode g : s.client().get(s.orgPath("/groups")).path("groups")) {
            groups.add(g.path("name").asText());
        }
        return groups;
    }

    /** The error for a {@code --group} that names no group (the same text in every command). */
    static CliException noSuchGroup(String group) {
        return new CliException("group " + group + " does not exist. Please double-check the name. You can run "
                + "'shoal group list' to get a list of your groups, or 'shoal group create' to make a new one");
    }

    /** The URL {@code @libsql/client} takes as-is: http(s):// + Hostname. */
    static String httpUrl(Session s, JsonNode db) {
        String scheme = "local".equals(db.path("primaryRegion").asText()) ? s.url().getScheme() : "https";
        return scheme + "://" + db.path("Hostname").asText();
    }

    /** libsql:// form; plain-HTTP servers get {@code ?tls=0}, which @libsql/client maps to http. */
    static String libsqlUrl(Session s, JsonNode db) {
        boolean plain = "http".equals(s.url().getScheme());
        return "libsql://" + db.path("Hostname").asText() + (plain ? "?tls=0" : "");
    }

    static String kind(JsonNode db) {
        if (db.path("is_schema").asBoolean()) {
            return "schema";
        }
        return db.path("schema").asText().isEmpty() ? "regular" : "child";
    }

    /** Bytes in SI units as Go's humanize prints them ("4.1 kB", "37 kB"). */
    static String humanBytes(long bytes) {
        if (bytes < 1000) {
            return bytes + " B";
        }
        String[] units = {"kB", "MB", "GB", "TB", "PB"};
        double v = bytes;
        int u = -1;
        while (v >= 1000 && u < units.length - 1) {
            v /= 1000;
            u++;
        }
        return String.format(Locale.ROOT, v < 10 ? "%.1f %s" : "%.0f %s", v, units[u]);
    }
}
