package dev.shoal.cli.shell;

import org.junit.jupiter.api.Test;

class ScratchShellTest {
    @Test
    void scratch() {
        try (ShellTestSupport s = ShellTestSupport.start()) {
            ShellTarget t = s.newDatabase();
            var r = ShellTestSupport.piped(t, """
                CREATE TABLE t(id INTEGER PRIMARY KEY, first_name TEXT, v REAL, b BLOB);
                INSERT INTO t VALUES(1, 'alice', 1.5, x'00ff'), (2, 'bob
                smith', 42.0, NULL), (3, NULL, 1e300, 'x');
                SELECT * FROM t;
                .mode csv
                SELECT * FROM t;
                .mode json
                SELECT * FROM t;
                .mode line
                SELECT * FROM t;
                .mode table
                .tables
                .schema
                .indexes
                .help
                .dump
                INSERT INTO t VALUES(1, 'dup', 0, NULL);
                SELECT 'not reached';
                """);
            System.out.println("EXIT " + r.exit());
            System.out.println("OUT<<" + r.out() + ">>");
            System.out.println("ERR<<" + r.err() + ">>");
        }
    }
}
