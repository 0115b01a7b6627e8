package dev.lancet.tokenizer.template;

import dev.lancet.tokenizer.template.Token.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Splits a preprocessed template ({@link SourceText}) into tokens, following the reference engine:
 * text runs between tags; inside {@code {{ }}} and {@code {% %}} whitespace is skipped; {@code {%-}/{@code {{-}/
 * {@code {#-} trim the preceding text run's trailing whitespace and {@code -%}}/{@code -}}}/{@code -#}} skip the
 * following whitespace; {@code }}} inside a dict literal closes the dict, not the expression. In addition to
 * the reference, {@code {% raw %}...{% endraw %}} keeps its content verbatim.
 */
final class Lexer {
    /** Operators, longest first where one is a prefix of another. */
    private static final String[] OPERATORS = {
        "(", ")", "{", "}", "[", "]", ",", ".", ":", "|",
        "<=", ">=", "==", "!=", "<", ">", "+", "-", "~", "**", "*", "//", "/", "%", "="
    };
    private static final Pattern END_RAW =
            Pattern.compile("\\{%(-?)" + JsWhitespace.CLASS + "*endraw" + JsWhitespace.CLASS + "*(-?)%\\}");

    private final SourceText source;
    private final String src;
    private final List<Token> tokens = new ArrayList<>();
    private int pos;
    /** True between an opening and a closing tag delimiter. */
    private boolean inTag;
    private int braceDepth;

    private Lexer(SourceText source) {
        this.source = source;
        this.src = source.text();
    }

    static List<Token> tokenize(SourceText source) {
        Lexer lexer = new Lexer(source);
        lexer.run();
        return lexer.tokens;
    }

    private void run() {
        while (pos < src.length()) {
            if (!inTag) {
                lexText();
                if (pos >= src.length()) {
                    break;
                }
                if (src.startsWith("{#", pos)) {
                    lexComment();
                    continue;
                }
                openTag();
                continue;
            }
            skipWhitespace();
            if (pos >= src.length()) {
                break;
            }
            if (src.startsWith("-%}", pos) || src.startsWith("%}", pos)) {
                closeTag(Type.CLOSE_STATEMENT, "%}");
                continue;
            }
            if (src.startsWith("-}}", pos) || (braceDepth == 0 && src.startsWith("}}", pos))) {
                closeTag(Type.CLOSE_EXPRESSION, "}}");
                continue;
            }
            if (src.startsWith("{%", pos) || src.startsWith("{{", pos)) {
                throw error("'" + src.substring(pos, pos + 2) + "' inside a tag: the previous tag is not closed", pos);
            }
            lexInsideTag();
        }
        if (inTag) {
            throw error("unexpected end of template: a tag is not closed", src.length());
        }
    }

    /** Text up to the next {@code {%}, {@code {{} or {@code {#}. */
    private void lexText() {
        int start = pos;
        while (pos < src.length() && !atTagOpener()) {
            pos++;
        }
        if (pos > start) {
            tokens.add(new Token(Type.TEXT, src.substring(start, pos), source.originalOffset(start)));
        }
    }

    private boolean atTagOpener() {
        if (src.charAt(pos) != '{' || pos + 1 >= src.length()) {
            return false;
        }
        char next = src.charAt(pos + 1);
        return next == '%' || next == '{' || next == '#';
    }

    private void lexComment() {
        int start = pos;
        pos += 2;
        boolean stripBefore = pos < src.length() && src.charAt(pos) == '-';
        int end = src.indexOf("#}", pos);
        if (end < 0) {
            throw error("comment is not closed: missing '#}'", start);
        }
        boolean stripAfter = end > pos && src.charAt(end - 1) == '-';
        if (stripBefore) {
            trimPreviousText();
        }
        tokens.add(new Token(Type.COMMENT, src.substring(pos, end), source.originalOffset(start)));
        pos = end + 2;
        if (stripAfter) {
            skipWhitespace();
        }
    }

    private void openTag() {
        boolean statement = src.charAt(pos + 1) == '%';
        boolean strip = pos + 2 < src.length() && src.charAt(pos + 2) == '-';
        if (strip) {
            trimPreviousText();
        }
        tokens.add(new Token(statement ? Type.OPEN_STATEMENT : Type.OPEN_EXPRESSION,
                statement ? "{%" : "{{", source.originalOffset(pos)));
        pos += strip ? 3 : 2;
        inTag = true;
        braceDepth = 0;
    }

    private void closeTag(Type type, String text) {
        boolean strip = src.charAt(pos) == '-';
        tokens.add(new Token(type, text, source.originalOffset(pos)));
        pos += strip ? 3 : 2;
        inTag = false;
        if (strip) {
            skipWhitespace();
        }
        if (type == Type.CLOSE_STATEMENT && endsWithRawTag()) {
            lexRawBody();
        }
    }

    /** True when the last three tokens are {@code {% raw %}}. */
    private boolean endsWithRawTag() {
        int n = tokens.size();
        return n >= 3 && tokens.get(n - 3).type() == Type.OPEN_STATEMENT && tokens.get(n - 2).isIdentifier("raw");
    }

    private void lexRawBody() {
        Token open = tokens.get(tokens.size() - 3);
        tokens.subList(tokens.size() - 3, tokens.size()).clear();
        Matcher end = END_RAW.matcher(src);
        if (!end.find(pos)) {
            throw source.error("'{% raw %}' without '{% endraw %}'", open.offset());
        }
        String body = src.substring(pos, end.start());
        if (!end.group(1).isEmpty()) {
            body = JsWhitespace.trimEnd(body);
        }
        if (!body.isEmpty()) {
            tokens.add(new Token(Type.TEXT, body, source.originalOffset(pos)));
        }
        pos = end.end();
        if (!end.group(2).isEmpty()) {
            skipWhitespace();
        }
    }

    private void lexInsideTag() {
        char c = src.charAt(pos);
        if (c == '\'' || c == '"') {
            lexString(c);
            return;
        }
        if (isDigit(c)) {
            lexNumber();
            return;
        }
        if (isWordChar(c)) {
            int start = pos;
            while (pos < src.length() && isWordChar(src.charAt(pos))) {
                pos++;
            }
            tokens.add(new Token(Type.IDENTIFIER, src.substring(start, pos), source.originalOffset(start)));
            return;
        }
        for (String op : OPERATORS) {
            if (src.startsWith(op, pos)) {
                tokens.add(new Token(operatorType(op), op, source.originalOffset(pos)));
                if (op.equals("{")) {
                    braceDepth++;
                } else if (op.equals("}")) {
                    braceDepth--;
                }
                pos += op.length();
                return;
            }
        }
        throw error("unexpected character '" + c + "'", pos);
    }

    private static Type operatorType(String op) {
        return switch (op) {
            case "(" -> Type.LPAREN;
            case ")" -> Type.RPAREN;
            case "{" -> Type.LBRACE;
            case "}" -> Type.RBRACE;
            case "[" -> Type.LBRACKET;
            case "]" -> Type.RBRACKET;
            case "," -> Type.COMMA;
            case "." -> Type.DOT;
            case ":" -> Type.COLON;
            case "|" -> Type.PIPE;
            case "=" -> Type.EQUALS;
            case "+", "-", "~" -> Type.ADDITIVE;
            case "**" -> Type.POWER;
            case "*", "/", "//", "%" -> Type.MULTIPLICATIVE;
            default -> Type.COMPARISON;
        };
    }

    /** A quoted string with the reference engine's escapes: n t r b f v quote backslash, xHH and uHHHH. */
    private void lexString(char quote) {
        int start = pos++;
        StringBuilder value = new StringBuilder();
        while (true) {
            if (pos >= src.length()) {
                throw error("string literal is not closed", start);
            }
            char c = src.charAt(pos++);
            if (c == quote) {
                break;
            }
            if (c != '\\') {
                value.append(c);
                continue;
            }
            if (pos >= src.length()) {
                throw error("string literal is not closed", start);
            }
            char e = src.charAt(pos++);
            switch (e) {
                case 'n' -> value.append('\n');
                case 't' -> value.append('\t');
                case 'r' -> value.append('\r');
                case 'b' -> value.append('\b');
                case 'f' -> value.append('\f');
                case 'v' -> value.append('\u000B');
                case '\'', '"', '\\' -> value.append(e);
                case 'x', 'u' -> {
                    int len = e == 'x' ? 2 : 4;
                    String hex = src.substring(pos, Math.min(src.length(), pos + len));
                    if (hex.length() != len || !hex.chars().allMatch(h -> Character.digit(h, 16) >= 0)) {
                        throw error("invalid escape '\\" + e + hex + "' in string literal", pos - 2);
                    }
                    value.append((char) Integer.parseInt(hex, 16));
                    pos += len;
                }
                default -> throw error("unknown escape '\\" + e + "' in string literal", pos - 2);
            }
        }
        tokens.add(new Token(Type.STRING, value.toString(), source.originalOffset(start)));
    }

    /** Digits, with a fraction unless the number follows a dot ({@code x.0.1} is two integer accesses). */
    private void lexNumber() {
        int start = pos;
        while (pos < src.length() && isDigit(src.charAt(pos))) {
            pos++;
        }
        boolean afterDot = !tokens.isEmpty() && tokens.getLast().type() == Type.DOT;
        if (!afterDot && pos + 1 < src.length() && src.charAt(pos) == '.' && isDigit(src.charAt(pos + 1))) {
            pos++;
            while (pos < src.length() && isDigit(src.charAt(pos))) {
                pos++;
            }
        }
        tokens.add(new Token(Type.NUMBER, src.substring(start, pos), source.originalOffset(start)));
    }

    /** Removes trailing whitespace of the preceding text run ({@code {%-}); an emptied run disappears. */
    private void trimPreviousText() {
        if (tokens.isEmpty() || tokens.getLast().type() != Type.TEXT) {
            return;
        }
        Token last = tokens.removeLast();
        String trimmed = JsWhitespace.trimEnd(last.text());
        if (!trimmed.isEmpty()) {
            tokens.add(new Token(Type.TEXT, trimmed, last.offset()));
        }
    }

    private void skipWhitespace() {
        while (pos < src.length() && JsWhitespace.is(src.charAt(pos))) {
            pos++;
        }
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    /** JavaScript's {@code \w}: ASCII letters, digits and underscore. */
    private static boolean isWordChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || isDigit(c) || c == '_';
    }

    private TemplateException error(String detail, int preprocessedOffset) {
        return source.error(detail, source.originalOffset(preprocessedOffset));
    }
}
