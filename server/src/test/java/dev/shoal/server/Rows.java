package dev.shoal.server;

import java.util.Arrays;
import java.util.List;

/** Expected result rows, to compare with the decoded rows the test kit's Hrana client returns. */
final class Rows {
    private Rows() {}

    /** One row of values; unlike {@code List.of}, it may hold nulls. */
    static List<Object> row(Object... values) {
        return Arrays.asList(values);
    }
}
