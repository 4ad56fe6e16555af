package dev.shoal.server;

import static dev.shoal.server.Rows.row;
import static dev.shoal.testkit.Hrana.blob;
import static dev.shoal.testkit.Hrana.blobBase64;
import static dev.shoal.testkit.Hrana.close;
import static dev.shoal.testkit.Hrana.execute;
import static dev.shoal.testkit.Hrana.integer;
import static dev.shoal.testkit.Hrana.nullValue;
import static dev.shoal.testkit.Hrana.real;
import static dev.shoal.testkit.Hrana.stmt;
import static dev.shoal.testkit.Hrana.text;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shoal.testkit.Hrana;
import dev.shoal.testkit.HranaClient;
import dev.shoal.testkit.HranaClient.PipelineResult;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hrana values and statement results: value round trips, column metadata,
 * affected_row_count and last_insert_rowid, want_rows.
 */
class HranaValuesTest {
    @TempDir
    static Path dataDir;

    static TestServer server;
    static HranaClient hrana;

    @BeforeAll
    static void start() {
        server = TestServer.start(dataDir);
        hrana = server.hrana;
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static JsonNode only(JsonNode stmtResult) {
        assertThat(stmtResult.get("rows")).hasSize(1);
        assertThat(stmtResult.get("rows").get(0)).hasSize(1);
        return stmtResult.get("rows").get(0).get(0);
    }

    // ---- values ----

    @Test
    void integersRoundTripOverTheFull64BitRangeAsDecimalStrings() {
        long[] values = {Long.MIN_VALUE, Long.MIN_VALUE + 1, -(1L << 53) - 1, -1, 0, 1, (1L << 53) + 1, Long.MAX_VALUE};
        for (long v : values) {
            JsonNode value = only(hrana.executeOnce("SELECT ?", integer(v)));
            assertThat(value.get("type").asText()).isEqualTo("integer");
            assertThat(value.get("value").isTextual()).as("integer value is a string: %s", value).isTrue();
            assertThat(value.get("value").asText()).isEqualTo(Long.toString(v));
        }
        assertThat(only(hrana.executeOnce("SELECT 9223372036854775807"))).isEqualTo(integer(Long.MAX_VALUE));
        assertThat(only(hrana.executeOnce("SELECT -9223372036854775807 - 1"))).isEqualTo(integer(Long.MIN_VALUE));
    }

    @Test
    void integersSurviveStorageInAnIntegerColumn() {
        HranaClient.Stream s = hrana.stream();
        s.execute("CREATE TABLE ints(i INTEGER)");
        s.execute("INSERT INTO ints VALUES (?), (?), (?)", integer(Long.MIN_VALUE), integer(Long.MAX_VALUE), integer(-7));
        assertThat(s.query("SELECT i, typeof(i) FROM ints ORDER BY i"))
                .containsExactly(row(Long.MIN_VALUE, "integer"), row(-7L, "integer"), row(Long.MAX_VALUE, "integer"));
        s.close();
    }

    @Test
    void integralFloatStaysAFloat() {
        JsonNode result = hrana.executeOnce("SELECT ?, typeof(?1), ? + 0", real(42), real(0));
        JsonNode r = result.get("rows").get(0);
        assertThat(r.get(0).get("type").asText()).isEqualTo("float");
        assertThat(r.get(0).get("value").isNumber()).isTrue();
        assertThat(r.get(0).get("value").doubleValue()).isEqualTo(42.0);
        assertThat(Hrana.decode(r.get(1))).isEqualTo("real");
        assertThat(r.get(2).get("type").asText()).isEqualTo("float");
        assertThat(r.get(2).get("value").doubleValue()).isEqualTo(0.0);
    }

    @Test
    void extremeFloatsRoundTripExactly() {
        double[] values = {1e18, Double.MAX_VALUE, Double.MIN_VALUE, -0.1, 12.345, 1.0 / 3};
        for (double v : values) {
            JsonNode value = only(hrana.executeOnce("SELECT ?", real(v)));
            assertThat(value.get("type").asText()).isEqualTo("float");
            assertThat(value.get("value").doubleValue()).isEqualTo(v);
        }
    }

    @Test
    void floatColumnValuesAreFloatsEvenWhenIntegral() {
        assertThat(only(hrana.executeOnce("SELECT CAST(7 AS REAL)")).get("type").asText()).isEqualTo("float");
        assertThat(only(hrana.executeOnce("SELECT 2.0 * 3")).get("value").doubleValue()).isEqualTo(6.0);
    }

    @Test
    void blobsAcceptPaddedAndUnpaddedBase64() {
        // "foob" is 4 bytes: padded Zm9vYg==, unpadded Zm9vYg.
        assertThat(hrana.query("SELECT hex(?), length(?1), typeof(?1)", blobBase64("Zm9vYg==")))
                .containsExactly(row("666F6F62", 4L, "blob"));
        assertThat(hrana.query("SELECT hex(?), length(?1), typeof(?1)", blobBase64("Zm9vYg")))
                .containsExactly(row("666F6F62", 4L, "blob"));
        assertThat(hrana.query("SELECT hex(?)", blobBase64("Zm8=")))
                .containsExactly(row("666F"));
        assertThat(hrana.query("SELECT hex(?)", blobBase64("Zm8")))
                .containsExactly(row("666F"));
        assertThat(hrana.query("SELECT length(?)", blobBase64(""))).containsExactly(row(0L));
    }

    @Test
    void blobsRoundTripAllByteValues() {
        byte[] all = new byte[256];
        for (int i = 0; i < 256; i++) {
            all[i] = (byte) i;
        }
        JsonNode v = only(hrana.executeOnce("SELECT ?", blob(all)));
        assertThat(v.get("type").asText()).isEqualTo("blob");
        assertThat((byte[]) Hrana.decode(v)).isEqualTo(all);
    }

    @Test
    void textWithUnicodeAndControlCharactersRoundTrips() {
        String s = "tab\there\nnewline \u0001 caf\u00e9 \uD83D\uDC1F \"quoted\" \\ back";
        assertThat(hrana.queryValue("SELECT ?", text(s))).isEqualTo(s);
    }

    @Test
    void nullRoundTrips() {
        JsonNode v = only(hrana.executeOnce("SELECT ?", nullValue()));
        assertThat(v).isEqualTo(nullValue());
    }

    // ---- column metadata ----

    @Test
    void decltypeIsExactlyTheDeclaredTypeAndNullForExpressions() {
        HranaClient.Stream s = hrana.stream();
        s.execute("CREATE TABLE typed(i INTEGER, f FLOAT, t TEXT, b BLOB, v VARCHAR(10), n)");
        s.execute("INSERT INTO typed VALUES (1, 1.5, 'x', x'00', 'v', NULL)");
        JsonNode cols = s.execute("SELECT i, f, t, b, v, n, i + 1 AS e, 42, count(*) OVER () FROM typed").get("cols");
        List<String> names = new ArrayList<>();
        List<String> decltypes = new ArrayList<>();
        for (JsonNode c : cols) {
            names.add(c.get("name").asText());
            decltypes.add(c.get("decltype").isNull() ? null : c.get("decltype").asText());
        }
        assertThat(names).containsExactly("i", "f", "t", "b", "v", "n", "e", "42", "count(*) OVER ()");
        assertThat(decltypes).containsExactly("INTEGER", "FLOAT", "TEXT", "BLOB", "VARCHAR(10)", null, null, null, null);
        s.close();
    }

    @Test
    void returningExpressionHasNullDecltype() {
        HranaClient.Stream s = hrana.stream();
        s.execute("CREATE TABLE ret(i INTEGER)");
        JsonNode r = s.execute("INSERT INTO ret VALUES (5) RETURNING i, 42 AS x");
        assertThat(r.at("/cols/0/decltype").asText()).isEqualTo("INTEGER");
        assertThat(r.at("/cols/1/name").asText()).isEqualTo("x");
        assertThat(r.at("/cols/1/decltype").isNull()).isTrue();
        assertThat(Hrana.rows(r)).containsExactly(row(5L, 42L));
        s.close();
    }

    // ---- affected_row_count and last_insert_rowid ----

    @Test
    void affectedRowCountAndLastInsertRowidFollowTheStatementKind() {
        HranaClient.Stream s = hrana.stream();
        JsonNode create = s.execute("CREATE TABLE counts(x)");
        assertThat(create.get("affected_row_count").asLong()).isEqualTo(0);
        assertThat(create.get("last_insert_rowid").isNull()).isTrue();

        JsonNode insert = s.execute("INSERT INTO counts VALUES (1), (2)");
        assertThat(insert.get("affected_row_count").isIntegralNumber()).isTrue();
        assertThat(insert.get("affected_row_count").asLong()).isEqualTo(2);
        assertThat(insert.get("last_insert_rowid").isTextual()).as("rowid is a string: %s", insert).isTrue();
        assertThat(insert.get("last_insert_rowid").asText()).isEqualTo("2");

        JsonNode select = s.execute("SELECT 1 AS a");
        assertThat(select.get("affected_row_count").asLong()).as("SELECT right after INSERT").isEqualTo(0);
        assertThat(select.get("last_insert_rowid").isNull()).as("SELECT has no rowid: %s", select).isTrue();

        JsonNode explicit = s.execute("INSERT INTO counts(rowid, x) VALUES (12345, 3)");
        assertThat(explicit.get("last_insert_rowid").asText()).isEqualTo("12345");

        JsonNode update = s.execute("UPDATE counts SET x = x + 1");
        assertThat(update.get("affected_row_count").asLong()).isEqualTo(3);
        assertThat(update.get("last_insert_rowid").isNull()).isTrue();

        JsonNode with = s.execute("WITH v(a) AS (VALUES (10), (11), (12)) INSERT INTO counts(x) SELECT a FROM v");
        assertThat(with.get("affected_row_count").asLong()).isEqualTo(3);

        JsonNode delete = s.execute("DELETE FROM counts WHERE x >= 10");
        assertThat(delete.get("affected_row_count").asLong()).isEqualTo(3);
        assertThat(delete.get("last_insert_rowid").isNull()).isTrue();

        JsonNode noop = s.execute("DELETE FROM counts WHERE 0");
        assertThat(noop.get("affected_row_count").asLong()).isEqualTo(0);
        JsonNode pragma = s.execute("PRAGMA user_version");
        assertThat(pragma.get("affected_row_count").asLong()).isEqualTo(0);
        assertThat(pragma.get("last_insert_rowid").isNull()).isTrue();
        s.close();
    }

    @Test
    void stmtResultHasEveryRequiredField() {
        JsonNode r = hrana.executeOnce("SELECT 1");
        assertThat(r.has("cols")).isTrue();
        assertThat(r.has("rows")).isTrue();
        assertThat(r.has("affected_row_count")).isTrue();
        assertThat(r.has("last_insert_rowid")).isTrue();
    }

    @Test
    void wantRowsFalseReturnsNoRowsButStillRuns() {
        ObjectNode st = stmt("SELECT 1 UNION ALL SELECT 2");
        st.put("want_rows", false);
        PipelineResult r = hrana.v2(null, execute(st), close()).requireOk();
        assertThat(r.stmtResult(0).get("rows")).isEmpty();
    }
}
