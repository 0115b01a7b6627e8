package dev.lancet.tokenizer.template;

/**
 * One lexical token of a template. {@code text} is the token's value (a string literal's unescaped content,
 * a text run as it renders); {@code offset} is where it starts in the template source as written.
 */
record Token(Type type, String text, int offset) {

    enum Type {
        TEXT, COMMENT,
        OPEN_STATEMENT, CLOSE_STATEMENT, OPEN_EXPRESSION, CLOSE_EXPRESSION,
        NUMBER, STRING, IDENTIFIER,
        LPAREN, RPAREN, LBRACKET, RBRACKET, LBRACE, RBRACE,
        COMMA, DOT, COLON, PIPE, EQUALS,
        /** == != < > <= >= */
        COMPARISON,
        /** + - ~ */
        ADDITIVE,
        /** * / // % */
        MULTIPLICATIVE,
        /** ** */
        POWER
    }

    boolean is(Type t, String value) {
        return type == t && text.equals(value);
    }

    boolean isIdentifier(String name) {
        return is(Type.IDENTIFIER, name);
    }

    /** How the token reads in an error message. */
    String describe() {
        return switch (type) {
            case TEXT -> "template text";
            case COMMENT -> "a comment";
            case STRING -> "string '" + text + "'";
            default -> "'" + text + "'";
        };
    }
}
