package dev.shoal.core.sql.lexer;

/** Receives what {@link SqlTokenizer#scan} finds, in text order. */
interface TokenSink {
    /** A {@code ;} ending at {@code end}. */
    void semicolon(int end);

    /** A bare {@code ?}; its {@link #token} follows. */
    void bareParameter();

    /** {@code ?NNN} at {@code [start, end)} with NNN = {@code value}; its {@link #token} follows. */
    void numberedParameter(int value, int start, int end);

    /** A well-formed named parameter at {@code [start, end)}; its {@link #token} follows. */
    void namedParameter(int start, int end);

    /** Any token other than whitespace, comments and {@code ;}: a {@link SqlTokenizer} type. */
    void token(int type, int start, int end);
}
