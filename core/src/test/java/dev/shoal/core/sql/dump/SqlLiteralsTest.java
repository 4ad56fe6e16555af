package dev.shoal.core.sql.dump;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shoal.core.sql.Value;
import org.junit.jupiter.api.Test;

class SqlLiteralsTest {
    @Test
    void sqlLiteralsReadBackExactly() {
        assertThat(SqlLiterals.sqlLiteral(new Value.Real(1.0))).isEqualTo("1.0");
        assertThat(SqlLiterals.sqlLiteral(new Value.Real(-42.0))).isEqualTo("-42.0");
        assertThat(SqlLiterals.sqlLiteral(new Value.Real(1e18))).isEqualTo("1000000000000000000.0");
        assertThat(SqlLiterals.sqlLiteral(new Value.Real(0.1))).isEqualTo("0.1");
        assertThat(SqlLiterals.sqlLiteral(new Value.Real(1e300))).isEqualTo("1.0E300");
        assertThat(SqlLiterals.sqlLiteral(new Value.Real(0x1p63))).isEqualTo("9.223372036854776E18");
        assertThat(SqlLiterals.sqlLiteral(new Value.Real(Double.POSITIVE_INFINITY))).isEqualTo("9.0e+999");
        assertThat(SqlLiterals.sqlLiteral(new Value.Real(Double.NEGATIVE_INFINITY))).isEqualTo("-9.0e+999");
        assertThat(SqlLiterals.sqlLiteral(new Value.Integer(-7))).isEqualTo("-7");
        assertThat(SqlLiterals.sqlLiteral(Value.NULL)).isEqualTo("NULL");
        assertThat(SqlLiterals.sqlLiteral(new Value.Blob(new byte[] {(byte) 0xCA, (byte) 0xFE}))).isEqualTo("X'cafe'");
    }

    @Test
    void textLiteralsStayOnOneLine() {
        assertThat(SqlLiterals.textLiteral("plain")).isEqualTo("'plain'");
        assertThat(SqlLiterals.textLiteral("it's")).isEqualTo("'it''s'");
        assertThat(SqlLiterals.textLiteral("a\nb")).isEqualTo("replace('a\\nb','\\n',char(10))");
        assertThat(SqlLiterals.textLiteral("a\r\nb")).isEqualTo("replace(replace('a\\r\\nb','\\r',char(13)),'\\n',char(10))");
        // the marker must not occur in the text: sqlite3 falls back to \012, then (0), (1), ...
        assertThat(SqlLiterals.textLiteral("x\\ny\n")).isEqualTo("replace('x\\ny\\012','\\012',char(10))");
        assertThat(SqlLiterals.textLiteral("\\n\\012(0)\n")).isEqualTo("replace('\\n\\012(0)(1)','(1)',char(10))");
        assertThat(SqlLiterals.textLiteral("nul\0byte")).isEqualTo("CAST(X'6e756c0062797465' AS TEXT)");
    }

    @Test
    void identifiersAreQuotedOnlyWhenNeeded() {
        assertThat(SqlLiterals.identifier("t")).isEqualTo("t");
        assertThat(SqlLiterals.identifier("_a1")).isEqualTo("_a1");
        assertThat(SqlLiterals.identifier("all types")).isEqualTo("\"all types\"");
        assertThat(SqlLiterals.identifier("order")).isEqualTo("\"order\"");
        assertThat(SqlLiterals.identifier("1abc")).isEqualTo("\"1abc\"");
        assertThat(SqlLiterals.identifier("we\"ird")).isEqualTo("\"we\"\"ird\"");
        assertThat(SqlLiterals.identifier("naïve")).isEqualTo("\"naïve\"");
    }
}
