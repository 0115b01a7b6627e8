package dev.lancet.tokenizer.regex;

import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Compiles the Oniguruma-syntax patterns found in tokenizer.json (what the Rust library runs) to
 * {@link java.util.regex.Pattern}. Java already has {@code \p{L}}, possessive quantifiers
 * ({@code ?+ ++ *+}), atomic groups and {@code (?i:...)}; what differs is rewritten:
 * <ul>
 *   <li>{@code \s \S} are Unicode White_Space in Oniguruma but ASCII in Java: {@code \p{IsWhite_Space}};</li>
 *   <li>{@code \d \D} are Unicode Nd; {@code \w \W} are Unicode word characters;</li>
 *   <li>{@code \h \H} mean hex digit in Oniguruma (horizontal space in Java);</li>
 *   <li>{@code \p{^X}} negation becomes {@code \P{X}}; script names such as {@code \p{Han}} get Java's
 *       {@code Is} prefix;</li>
 *   <li>case-insensitive groups fold Unicode case, as Oniguruma does.</li>
 * </ul>
 */
public final class OnigurumaPattern {
    private static final String WORD = "\\p{L}\\p{M}\\p{Nd}\\p{Pc}\\u200C\\u200D";

    private OnigurumaPattern() {
    }

    /** The Java pattern equivalent to {@code onig}; IllegalArgumentException when it cannot be expressed. */
    public static Pattern compile(String onig) {
        String java = translate(onig);
        try {
            return Pattern.compile(java, Pattern.UNICODE_CASE);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("regex " + quote(onig) + " does not compile: " + e.getDescription(), e);
        }
    }

    /** A pattern matching {@code literal} exactly. */
    public static Pattern literal(String literal) {
        return Pattern.compile(Pattern.quote(literal));
    }

    static String translate(String p) {
        StringBuilder out = new StringBuilder(p.length() + 32);
        int classDepth = 0;
        int i = 0;
        while (i < p.length()) {
            char c = p.charAt(i);
            if (c == '\\') {
                if (i + 1 >= p.length()) throw new IllegalArgumentException("regex " + quote(p) + " ends with a backslash");
                char e = p.charAt(i + 1);
                boolean inClass = classDepth > 0;
                switch (e) {
                    case 's' -> out.append("\\p{IsWhite_Space}");
                    case 'S' -> out.append("\\P{IsWhite_Space}");
                    case 'd' -> out.append("\\p{Nd}");
                    case 'D' -> out.append("\\P{Nd}");
                    case 'w' -> out.append(inClass ? WORD : "[" + WORD + "]");
                    case 'W' -> out.append("[^" + WORD + "]");
                    case 'h' -> out.append(inClass ? "0-9a-fA-F" : "[0-9a-fA-F]");
                    case 'H' -> out.append("[^0-9a-fA-F]");
                    case 'p', 'P' -> {
                        i = appendProperty(p, i, e == 'P', out);
                        continue;
                    }
                    default -> out.append(c).append(e);
                }
                i += 2;
                continue;
            }
            if (c == '[') {
                classDepth++;
                out.append(c);
                i++;
                // A ']' right after '[' or '[^' is a literal in Oniguruma.
                if (i < p.length() && p.charAt(i) == '^') {
                    out.append('^');
                    i++;
                }
                if (i < p.length() && p.charAt(i) == ']') {
                    out.append("\\]");
                    i++;
                }
                continue;
            }
            if (c == ']' && classDepth > 0) classDepth--;
            out.append(c);
            i++;
        }
        return out.toString();
    }

    /** Appends the Java form of the property escape starting at {@code p[i]} and returns the index after it. */
    private static int appendProperty(String p, int i, boolean negated, StringBuilder out) {
        int start = i + 2;
        if (start >= p.length()) throw new IllegalArgumentException("regex " + quote(p) + ": incomplete \\p escape");
        if (p.charAt(start) != '{') {
            out.append(negated ? "\\P" : "\\p").append(p.charAt(start));
            return start + 1;
        }
        int close = p.indexOf('}', start);
        if (close < 0) throw new IllegalArgumentException("regex " + quote(p) + ": unterminated \\p{...}");
        String name = p.substring(start + 1, close);
        if (name.startsWith("^")) {
            negated = !negated;
            name = name.substring(1);
        }
        String javaName = javaPropertyName(name);
        if (javaName == null) {
            throw new IllegalArgumentException("regex " + quote(p) + ": Unicode property '" + name + "' is not supported");
        }
        out.append(negated ? "\\P{" : "\\p{").append(javaName).append('}');
        return close + 1;
    }

    private static String javaPropertyName(String name) {
        for (String candidate : new String[] {name, "Is" + name, "In" + name}) {
            try {
                Pattern.compile("\\p{" + candidate + "}");
                return candidate;
            } catch (PatternSyntaxException ignored) {
                // try the next spelling
            }
        }
        return null;
    }

    private static String quote(String s) {
        return "'" + (s.length() > 80 ? s.substring(0, 77) + "..." : s) + "'";
    }
}
