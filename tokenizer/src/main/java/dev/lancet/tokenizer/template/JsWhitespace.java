package dev.lancet.tokenizer.template;

/**
 * Whitespace as the reference engine (JavaScript's {@code \s}, {@code trim()}) defines it: the ASCII
 * controls TAB..CR, space, NBSP, U+1680, U+2000..U+200A, the line/paragraph separators, U+202F, U+205F,
 * U+3000 and the BOM. Java's {@code Character.isWhitespace} differs (it excludes NBSP, includes U+001C..1F),
 * so template whitespace control and {@code trim} use this set to render byte-identical text.
 */
final class JsWhitespace {
    /** The same set as a regex character class, for patterns that must match JavaScript's {@code \s}. */
    static final String CLASS = "[\\t\\n\\u000B\\f\\r \\u00A0\\u1680\\u2000-\\u200A\\u2028\\u2029\\u202F\\u205F\\u3000\\uFEFF]";

    private JsWhitespace() {
    }

    static boolean is(char c) {
        return switch (c) {
            case '\t', '\n', '\u000B', '\f', '\r', ' ', '\u00A0', '\u1680', '\u2028', '\u2029', '\u202F', '\u205F',
                    '\u3000', '\uFEFF' -> true;
            default -> c >= '\u2000' && c <= '\u200A';
        };
    }

    static String trim(String s) {
        return trimEnd(trimStart(s));
    }

    static String trimStart(String s) {
        int start = 0;
        while (start < s.length() && is(s.charAt(start))) {
            start++;
        }
        return s.substring(start);
    }

    static String trimEnd(String s) {
        int end = s.length();
        while (end > 0 && is(s.charAt(end - 1))) {
            end--;
        }
        return s.substring(0, end);
    }
}
