package dev.shoal.cli.shell;

import dev.shoal.core.sql.Value;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The session's Hrana stream: batons, transactions, expiry and the cursor. */
class StreamTest {
    private static ShellTestSupport support;

    @BeforeAll
    static void setUp() {
        support = ShellTestSupport.start(c -> c.withStreamIdleTimeout(Duration.ofMillis(300)));
    }

    @AfterAll
    static void tearDown() {
        support.close();
    }

    private static long count(HranaHttp db, String table) throws ShellException {
        return ((Value.Integer) db.execute("SELECT count(*) FROM " + table).rows().get(0).get(0)).value();
    }

    @Test
    void anExpiredStreamIsReopenedOutsideTransactions() throws Exception {
        ShellTarget t = support.newDatabase();
        try (HranaHttp db = new HranaHttp(t.url(), Optional.empty())) {
            db.execute("CREATE TABLE t(x)");
            db.execute("INSERT INTO t VALUES (1)");
            Thread.sleep(1000); // the server drops the idle stream
            db.execute("INSERT INTO t VALUES (2)");
            assertThat(count(db, "t")).isEqualTo(2);
        }
    }

    @Test
    void anExpiredStreamInsideATransactionIsReported() throws Exception {
        ShellTarget t = support.newDatabase();
        try (HranaHttp db = new HranaHttp(t.url(), Optional.empty())) {
            db.execute("CREATE TABLE t(x)");
            db.execute("BEGIN");
            assertThat(db.inTransaction()).isTrue();
            db.execute("INSERT INTO t VALUES (1)");
            Thread.sleep(1000);
            assertThatThrownBy(() -> db.execute("INSERT INTO t VALUES (2)"))
                    .isInstanceOfSatisfying(ShellException.class, e -> assertThat(e.display()).isEqualTo(
                            "STREAM_EXPIRED: The stream has expired due to inactivity; the open transaction was rolled back,"
                                    + " so the statement did not run"));
            assertThat(db.inTransaction()).isFalse();
            // the next statement runs on a new stream; nothing of the transaction is left
            assertThat(count(db, "t")).isZero();
        }
    }

    @Test
    void transactionStateFollowsTheServer() throws Exception {
        ShellTarget t = support.newDatabase();
        try (HranaHttp db = new HranaHttp(t.url(), Optional.empty())) {
            assertThat(db.inTransaction()).isFalse();
            db.execute("CREATE TABLE t(x UNIQUE)");
            db.execute("BEGIN IMMEDIATE");
            assertThat(db.inTransaction()).isTrue();
            db.execute("INSERT INTO t VALUES (1)");
            assertThatThrownBy(() -> db.execute("INSERT INTO t VALUES (1)")).isInstanceOf(ShellException.class);
            assertThat(db.inTransaction()).isTrue(); // a failed statement does not end the transaction
            db.execute("COMMIT");
            assertThat(db.inTransaction()).isFalse();
            db.execute("SAVEPOINT sp");
            assertThat(db.inTransaction()).isTrue();
            db.execute("RELEASE sp");
            assertThat(db.inTransaction()).isFalse();
            assertThat(count(db, "t")).isEqualTo(1);
        }
    }

    @Test
    void cursorStreamsRowsAndKeepsTheStream() throws Exception {
        ShellTarget t = support.newDatabase();
        try (HranaHttp db = new HranaHttp(t.url(), Optional.empty())) {
            db.execute("CREATE TABLE t(x)");
            db.execute("BEGIN");
            db.execute("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2500) INSERT INTO t SELECT i FROM n");
            List<String> cols = new ArrayList<>();
            List<List<Value>> rows = new ArrayList<>();
            db.query("SELECT x, x * 2 AS y FROM t ORDER BY x", new HranaHttp.RowSink() {
                @Override
                public void columns(List<String> names) {
                    cols.addAll(names);
                }

                @Override
                public void row(List<Value> values) {
                    rows.add(values);
                }
            });
            assertThat(cols).containsExactly("x", "y");
            assertThat(rows).hasSize(2500);
            assertThat(rows.get(2499)).containsExactly(new Value.Integer(2500), new Value.Integer(5000));
            // still the same stream: the transaction is open and sees its own rows
            assertThat(db.inTransaction()).isTrue();
            db.execute("ROLLBACK");
            assertThat(count(db, "t")).isZero();
            assertThatThrownBy(() -> db.query("SELECT * FROM nope", new HranaHttp.RowSink() {
                @Override
                public void columns(List<String> names) {}

                @Override
                public void row(List<Value> values) {}
            })).isInstanceOfSatisfying(ShellException.class,
                    e -> assertThat(e.display()).isEqualTo("SQLITE_ERROR: no such table: nope"));
            assertThat(count(db, "t")).isZero();
        }
    }
}
