package dev.shoal.cli.shell;

import dev.shoal.core.sql.Value;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class FormatsTest {
    @Test
    void floatsOnScreenAreShortestPlainDecimals() {
        assertThat(Formats.plainFloat(42.0)).isEqualTo("42");
        assertThat(Formats.plainFloat(0.1)).isEqualTo("0.1");
        assertThat(Formats.plainFloat(-2.5)).isEqualTo("-2.5");
        assertThat(Formats.plainFloat(1e-7)).isEqualTo("0.0000001");
        assertThat(Formats.plainFloat(1e21)).isEqualTo("1000000000000000000000");
        assertThat(Formats.plainFloat(1e300)).isEqualTo("1" + "0".repeat(300));
        assertThat(Formats.plainFloat(123456789.125)).isEqualTo("123456789.125");
        assertThat(Formats.plainFloat(0.30000000000000004)).isEqualTo("0.30000000000000004");
        assertThat(Formats.plainFloat(0.0)).isEqualTo("0");
        assertThat(Formats.plainFloat(-0.0)).isEqualTo("-0");
        assertThat(Formats.plainFloat(Double.POSITIVE_INFINITY)).isEqualTo("+Inf");
        assertThat(Formats.plainFloat(Double.NEGATIVE_INFINITY)).isEqualTo("-Inf");
        assertThat(Formats.plainFloat(Double.MIN_VALUE)).isEqualTo("0." + "0".repeat(323) + "5");
    }

    @Test
    void displayedValues() {
        assertThat(Formats.display(Value.NULL)).isEqualTo("NULL");
        assertThat(Formats.display(new Value.Integer(Long.MIN_VALUE))).isEqualTo("-9223372036854775808");
        assertThat(Formats.display(new Value.Blob(new byte[] {0, (byte) 0xab, 0x10}))).isEqualTo("0x00AB10");
        assertThat(Formats.display(new Value.Blob(new byte[0]))).isEqualTo("0x");
        assertThat(Formats.display(new Value.Text("héllo"))).isEqualTo("héllo");
    }

    @Test
    void headerTitles() {
        assertThat(ResultPrinter.title("first_name")).isEqualTo("FIRST NAME");
        assertThat(ResultPrinter.title("count(*)")).isEqualTo("COUNT(*)");
        assertThat(ResultPrinter.title("1.5")).isEqualTo("1.5");
        assertThat(ResultPrinter.title("t.id")).isEqualTo("T ID");
        assertThat(ResultPrinter.title("_x_")).isEqualTo("X");
        assertThat(ResultPrinter.title("___")).isEqualTo(" ");
        assertThat(ResultPrinter.title("")).isEqualTo("");
    }

    @Test
    void tableLayout() {
        assertThat(ResultPrinter.table(List.of("a", "long_name"), List.of(List.of("1", "x"), List.of("22", "y"))))
                .isEqualTo("A      LONG NAME \n"
                        + "1      x             \n"
                        + "22     y             \n");
        // a cell with a line break spans two lines; the other cells get tablewriter's two-space
        // filler, which overflows a one-column-wide column by one
        assertThat(ResultPrinter.table(List.of("k", "v"), List.of(List.of("1", "two\nlines"))))
                .isEqualTo("K     V     \n"
                        + "1     two       \n"
                        + "       lines     \n");
        assertThat(ResultPrinter.table(null, List.of(List.of("a"), List.of("bcd")))).isEqualTo("a       \nbcd     \n");
        assertThat(ResultPrinter.table(List.of("x"), List.of())).isEqualTo("X \n");
        assertThat(ResultPrinter.table(List.of(), List.of())).isEmpty();
        // wide characters count two columns
        assertThat(ResultPrinter.table(List.of("w", "n"), List.of(List.of("日本", "1"))))
                .isEqualTo("W        N \n日本     1     \n");
    }

    @Test
    void csvQuoting() {
        QueryResult r = new QueryResult(List.of("a", "b"), List.of(
                List.of(new Value.Text("x,y"), new Value.Text("say \"hi\"")),
                List.of(new Value.Text(" lead"), new Value.Text("two\nlines")),
                List.of(new Value.Text(""), Value.NULL)));
        assertThat(ResultPrinter.csv(r, true)).isEqualTo("a,b\n"
                + "\"x,y\",\"say \"\"hi\"\"\"\n"
                + "\" lead\",\"two\nlines\"\n"
                + ",NULL\n");
        assertThat(ResultPrinter.csv(r, false)).startsWith("\"x,y\"");
    }

    @Test
    void displayWidths() {
        assertThat(Formats.displayWidth("abc")).isEqualTo(3);
        assertThat(Formats.displayWidth("日本語")).isEqualTo(6);
        assertThat(Formats.displayWidth("e\u0301")).isEqualTo(1);
        assertThat(Formats.displayWidth("😀")).isEqualTo(2);
    }
}
