package dev.shoal.testkit.crash;

import com.fasterxml.jackson.databind.JsonNode;
import dev.shoal.testkit.Hrana;
import dev.shoal.testkit.HranaClient;
import dev.shoal.testkit.HttpJson;
import dev.shoal.testkit.PlatformClient;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks a restarted server against the {@link Ledger}: every acknowledged database exists and
 * answers, every acknowledged row is there, no row is there that nobody sent, no unacknowledged
 * transaction is there in part, and {@code PRAGMA integrity_check} is {@code ok} for every
 * database the server lists and for the catalog.
 */
public final class CrashCheck {
    /** What one check found; every list should be empty. */
    public record Findings(long rowsChecked, long databasesChecked, List<String> lostDatabases, List<String> lostRows,
            List<String> phantomRows, List<String> tornTransactions, List<String> corrupt, long unackedPresent) {
        public boolean clean() {
            return lostDatabases.isEmpty() && lostRows.isEmpty() && phantomRows.isEmpty() && tornTransactions.isEmpty()
                    && corrupt.isEmpty();
        }

        public String problems() {
            return "lost databases " + lostDatabases + ", lost rows " + first(lostRows) + ", rows nobody sent "
                    + first(phantomRows) + ", unacknowledged transactions present in part " + first(tornTransactions)
                    + ", integrity failures " + corrupt;
        }

        private static String first(List<String> xs) {
            return xs.size() + (xs.isEmpty() ? "" : " " + xs.subList(0, Math.min(10, xs.size())));
        }
    }

    private final Ledger ledger;
    private final HttpJson http;
    private final String url;
    private final Path catalog;

    CrashCheck(Ledger ledger, HttpJson http, String url, Path dataDir) {
        this.ledger = ledger;
        this.http = http;
        this.url = url;
        this.catalog = dataDir.resolve("catalog.db");
    }

    Findings run() {
        PlatformClient platform = new PlatformClient(http, url, "admin");
        List<String> corrupt = new ArrayList<>();
        Rows rows = acknowledgedRows(platform, corrupt);
        List<String> torn = new ArrayList<>();
        long unackedPresent = unacknowledgedWrites(rows.present(), torn);
        List<String> listed = listed(platform);
        for (String db : listed) {
            String ok = integrity(db);
            if (!"ok".equals(ok)) {
                corrupt.add(db + ": " + ok);
            }
        }
        String cat = catalogIntegrity();
        if (!"ok".equals(cat)) {
            corrupt.add("catalog.db: " + cat);
        }
        long checked = rows.present().values().stream().mapToLong(Set::size).sum();
        return new Findings(checked, listed.size(), rows.lostDatabases(), rows.lost(), rows.phantom(), torn, corrupt,
                unackedPresent);
    }

    private record Rows(Map<String, Set<String>> present, List<String> lostDatabases, List<String> lost,
            List<String> phantom) {}

    /** Every acknowledged database and row, and any row there that nobody sent; unreadable databases go to corrupt. */
    private Rows acknowledgedRows(PlatformClient platform, List<String> corrupt) {
        Rows out = new Rows(new HashMap<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        for (String db : ledger.ackedDatabases()) {
            HttpJson.Response r = platform.get(db);
            if (r.status() != 200) {
                out.lostDatabases().add(db + " (HTTP " + r.status() + ")");
                continue;
            }
            Set<String> rows;
            try {
                rows = rows(db);
            } catch (AssertionError | RuntimeException e) {
                corrupt.add(db + ": rows unreadable: " + e.getMessage());
                continue;
            }
            out.present().put(db, rows);
            ledger.ackedRows(db).stream().filter(k -> !rows.contains(k)).forEach(k -> out.lost().add(db + "/" + k));
            Set<String> sent = ledger.sentRows(db);
            rows.stream().filter(k -> !sent.contains(k)).forEach(k -> out.phantom().add(db + "/" + k));
        }
        return out;
    }

    /** Rows of unacknowledged writes that made it anyway; a transaction must be all there or not at all. */
    private long unacknowledgedWrites(Map<String, Set<String>> present, List<String> torn) {
        long there = 0;
        for (Ledger.Write w : ledger.unackedWrites()) {
            Set<String> rows = present.getOrDefault(w.database(), Set.of());
            long n = w.keys().stream().filter(rows::contains).count();
            there += n;
            if (w.transaction() && n != 0 && n != w.keys().size()) {
                torn.add(w.database() + " " + n + "/" + w.keys().size() + " of " + w.keys());
            }
        }
        return there;
    }

    private String integrity(String db) {
        try {
            return String.valueOf(CrashWorkload.database(http, url, db).queryValue("PRAGMA integrity_check"));
        } catch (AssertionError | RuntimeException e) {
            return "cannot check: " + e.getMessage();
        }
    }

    /** The keys in a database's table; none if the table was never (acknowledged as) created. */
    private Set<String> rows(String db) {
        HranaClient h = CrashWorkload.database(http, url, db);
        JsonNode res = h.v2(null, Hrana.execute("SELECT k FROM t"), Hrana.close()).requireOk().result(0);
        if (!"ok".equals(res.path("type").asText())) {
            if (res.path("error").path("message").asText().contains("no such table")
                    && ledger.ackedRows(db).isEmpty()) {
                return Set.of();
            }
            throw new AssertionError("cannot read the rows of " + db + ": " + res);
        }
        Set<String> keys = new HashSet<>();
        for (List<Object> row : Hrana.rows(res.path("response").path("result"))) {
            keys.add((String) row.get(0));
        }
        return keys;
    }

    /** Every database the server lists, following its pages. */
    private List<String> listed(PlatformClient platform) {
        List<String> names = new ArrayList<>();
        String next = null;
        do {
            HttpJson.Response r = http.get(platform.databasesUrl() + (next == null ? "" : "?cursor=" + next));
            if (r.status() != 200) {
                throw new AssertionError("cannot list databases: " + r);
            }
            r.json().path("databases").forEach(d -> names.add(d.path("Name").asText()));
            JsonNode n = r.json().path("pagination").path("next");
            next = n.isTextual() ? n.asText() : null;
        } while (next != null);
        return names;
    }

    /** {@code PRAGMA integrity_check} of the catalog, read-only beside the running server (WAL allows it). */
    private String catalogIntegrity() {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:file:" + catalog.toAbsolutePath() + "?mode=ro");
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("PRAGMA integrity_check")) {
            List<String> lines = new ArrayList<>();
            while (rs.next()) {
                lines.add(rs.getString(1));
            }
            return String.join("; ", lines);
        } catch (SQLException e) {
            return "cannot check: " + e.getMessage();
        }
    }
}
