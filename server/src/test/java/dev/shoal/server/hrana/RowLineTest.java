package dev.shoal.server.hrana;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.shoal.core.sql.Value;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** A cursor row encoded by {@link RowLine} is byte for byte what the generator writes for it. */
class RowLineTest {
    private static final JsonFactory JSON = new JsonFactory();

    /** The generator's way, as StreamingSink wrote rows before RowLine. */
    private static byte[] viaGenerator(Value[] row) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeFieldName("type");
            g.writeString("row");
            g.writeFieldName("row");
            HranaWriter.row(g, row);
            g.writeEndObject();
        }
        return out.toByteArray();
    }

    private static byte[] viaRowLine(Value[] row) throws IOException {
        RowLine line = new RowLine();
        line.encode(row);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        line.writeTo(out);
        return out.toByteArray();
    }

    private static String randomText(SplittableRandom r) {
        StringBuilder sb = new StringBuilder();
        int n = r.nextInt(0, 40);
        for (int i = 0; i < n; i++) {
            switch (r.nextInt(8)) {
                case 0 -> sb.append((char) r.nextInt(0, 0x20)); // control characters
                case 1 -> sb.append("\"\\/\u007f".charAt(r.nextInt(4)));
                case 2 -> sb.append((char) r.nextInt(0x80, 0x800));
                case 3 -> {
                    char c;
                    do {
                        c = (char) r.nextInt(0x800, 0x10000);
                    } while (Character.isSurrogate(c));
                    sb.append(c);
                }
                case 4 -> sb.appendCodePoint(r.nextInt(0x10000, 0x110000));
                default -> sb.append((char) r.nextInt(0x20, 0x7f));
            }
        }
        return sb.toString();
    }

    private static Value randomValue(SplittableRandom r) {
        return switch (r.nextInt(6)) {
            case 0 -> Value.NULL;
            case 1 -> new Value.Integer(r.nextInt(4) == 0 ? r.nextLong() : r.nextLong(-1000, 1000));
            case 2 -> new Value.Real(switch (r.nextInt(5)) {
                case 0 -> Double.POSITIVE_INFINITY;
                case 1 -> Double.NEGATIVE_INFINITY;
                case 2 -> Double.longBitsToDouble(r.nextLong()) % 1e300;
                case 3 -> -0.0;
                default -> r.nextDouble() * Math.pow(10, r.nextInt(-20, 20));
            });
            case 3 -> {
                byte[] b = new byte[r.nextInt(0, 20)];
                r.nextBytes(b);
                yield new Value.Blob(b);
            }
            default -> new Value.Text(randomText(r));
        };
    }

    @Test
    void randomRowsAreByteIdenticalToTheGenerators() throws IOException {
        SplittableRandom r = new SplittableRandom(20261202);
        for (int i = 0; i < 20_000; i++) {
            Value[] row = new Value[r.nextInt(0, 6)];
            for (int k = 0; k < row.length; k++) {
                row[k] = randomValue(r);
            }
            assertThat(new String(viaRowLine(row), "UTF-8")).as("row %d", i)
                    .isEqualTo(new String(viaGenerator(row), "UTF-8"));
            assertThat(viaRowLine(row)).isEqualTo(viaGenerator(row));
        }
    }

    @Test
    void bigValuesGrowTheBufferAndLoneSurrogatesAreEscapedAsTheGeneratorDoes() throws IOException {
        Value[] big = {new Value.Text("é".repeat(100_000)), new Value.Blob(new byte[50_000]), new Value.Integer(Long.MIN_VALUE)};
        assertThat(viaRowLine(big)).isEqualTo(viaGenerator(big));
        for (String lone : List.of("a\ud800", "\udc00b", "\ud800\ud800", "\udbff\udfff")) {
            Value[] row = {new Value.Text(lone)};
            assertThat(viaRowLine(row)).as(lone).isEqualTo(viaGenerator(row));
        }
    }
}
