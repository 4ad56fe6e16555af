package dev.shoal.core.sql;

import java.util.Arrays;
import java.util.HexFormat;

/** A SQLite value as it crosses the wire: exactly one of the five storage classes. */
public sealed interface Value {
    Null NULL = new Null();

    record Null() implements Value {}

    record Integer(long value) implements Value {}

    record Real(double value) implements Value {}

    record Text(String value) implements Value {}

    record Blob(byte[] value) implements Value {
        @Override
        public boolean equals(Object o) {
            return o instanceof Blob b && Arrays.equals(value, b.value);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(value);
        }

        @Override
        public String toString() {
            return "Blob[" + HexFormat.of().formatHex(value) + "]";
        }
    }
}
