package dev.shoal.core.sql.lexer;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Numbers the parameters of one statement the way SQLite does: a bare {@code ?} takes the
 * index after the highest so far, {@code ?NNN} takes NNN (and names that slot {@code ?NNN}
 * unless a name is already there), and a named parameter takes a new index the first time its
 * exact spelling appears and reuses it after that. Reused across statements via {@link #reset()}.
 */
final class ParameterSlots {

    // slots in order of creation
    private int maxIndex;
    private int count;
    private int[] index;
    private String[] name;

    /** A bare {@code ?}. */
    void next() {
        add(++maxIndex, null);
    }

    /** {@code s[start, end)} is {@code ?NNN} with NNN = {@code value}; ignored if out of range. */
    void numbered(int value, String s, int start, int end) {
        if (value < 1 || value > SqlLexer.MAX_VARIABLE_NUMBER) {
            return;
        }
        if (value > maxIndex) {
            maxIndex = value;
            add(value, s.substring(start, end));
        } else {
            int slot = slotOf(value);
            if (slot < 0) {
                add(value, s.substring(start, end));
            } else if (name[slot] == null) {
                name[slot] = s.substring(start, end); // as sqlite3_bind_parameter_name does
            }
        }
    }

    /** {@code s[start, end)} is a well-formed named parameter, prefix included. */
    void named(String s, int start, int end) {
        int len = end - start;
        for (int k = 0; k < count; k++) {
            String known = name[k];
            if (known != null && known.length() == len && s.startsWith(known, start)) {
                return;
            }
        }
        add(++maxIndex, s.substring(start, end));
    }

    /** The highest index in use: the statement's parameter count. */
    int maxIndex() {
        return maxIndex;
    }

    /** The slots in index order (sorts them in place). */
    List<Parameter> toList() {
        final int count = this.count;
        if (count == 0) {
            return List.of();
        }
        // slots are created in index order except for ?NNN filling a gap: insertion sort
        int[] idx = index;
        String[] names = name;
        for (int a = 1; a < count; a++) {
            int ki = idx[a];
            String kn = names[a];
            int b = a - 1;
            while (b >= 0 && idx[b] > ki) {
                idx[b + 1] = idx[b];
                names[b + 1] = names[b];
                b--;
            }
            idx[b + 1] = ki;
            names[b + 1] = kn;
        }
        if (count == 1) {
            return List.of(new Parameter(idx[0], Optional.ofNullable(names[0])));
        }
        Parameter[] out = new Parameter[count];
        for (int k = 0; k < count; k++) {
            out[k] = new Parameter(idx[k], Optional.ofNullable(names[k]));
        }
        return List.of(out);
    }

    /** Forgets every slot (keeps the arrays for the next statement). */
    void reset() {
        maxIndex = 0;
        count = 0;
    }

    private int slotOf(int value) {
        for (int k = 0; k < count; k++) {
            if (index[k] == value) {
                return k;
            }
        }
        return -1;
    }

    private void add(int value, String slotName) {
        if (index == null) {
            index = new int[4];
            name = new String[4];
        } else if (count == index.length) {
            index = Arrays.copyOf(index, count * 2);
            name = Arrays.copyOf(name, count * 2);
        }
        index[count] = value;
        name[count] = slotName;
        count++;
    }
}
