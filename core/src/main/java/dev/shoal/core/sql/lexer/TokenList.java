package dev.shoal.core.sql.lexer;

import java.util.ArrayList;
import java.util.List;

/** Collects every token of a text (semicolons included) as {@link SqlToken}s. */
final class TokenList implements TokenSink {
    private final String s;
    private final List<SqlToken> tokens = new ArrayList<>();

    TokenList(String s) {
        this.s = s;
    }

    List<SqlToken> run() {
        SqlTokenizer.scan(s, this);
        return List.copyOf(tokens);
    }

    @Override
    public void semicolon(int end) {
        tokens.add(new SqlToken(SqlToken.Type.SEMICOLON, ";"));
    }

    @Override
    public void bareParameter() {}

    @Override
    public void numberedParameter(int value, int start, int end) {}

    @Override
    public void namedParameter(int start, int end) {}

    @Override
    public void token(int type, int start, int end) {
        SqlToken.Type t = switch (type) {
            case SqlTokenizer.WORD -> SqlToken.Type.WORD;
            case SqlTokenizer.LP -> SqlToken.Type.LEFT_PAREN;
            case SqlTokenizer.RP -> SqlToken.Type.RIGHT_PAREN;
            case SqlTokenizer.COMMA -> SqlToken.Type.COMMA;
            default -> SqlToken.Type.OTHER;
        };
        tokens.add(new SqlToken(t, s.substring(start, end)));
    }
}
