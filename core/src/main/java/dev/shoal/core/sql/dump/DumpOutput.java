package dev.shoal.core.sql.dump;

/**
 * Where {@link SqlDump} writes its text: each call to {@link #print} is a whole statement or line,
 * never part of a character.
 *
 * @param <E> the failure writing may end with (the reader went away, a time limit)
 */
public interface DumpOutput<E extends Exception> {
    void print(CharSequence text) throws E;

    /** After each table and at the end: a good moment to pass on what was written. */
    void flush() throws E;

    /** Every so many rows of a long table: fail now if the reader is gone, rather than at the table's end. */
    void checkStillWanted() throws E;
}
