package dev.lancet.tokenizer.template;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A template source after the reference engine's whitespace preprocessing, remembering for every character
 * where it stood in the source as written (so errors point at the user's line and column).
 *
 * <p>Hugging Face renders chat templates with {@code trim_blocks=True, lstrip_blocks=True}; the reference engine
 * implements that, and the {@code {% generation %}} marker, as text rewrites before lexing, in this order:
 * <ol>
 *   <li>one trailing newline of the whole template is dropped (Jinja's {@code keep_trailing_newline=False});</li>
 *   <li>lstrip_blocks: spaces and tabs from a line start up to {@code {%} or {@code {#} are removed;</li>
 *   <li>trim_blocks: a newline right after {@code %}}, {@code #}} (or {@code -}}) is removed;</li>
 *   <li>{@code {% generation %}} / {@code {% endgeneration %}} tags vanish, with {@code -} eating the
 *       whitespace on that side.</li>
 * </ol>
 */
final class SourceText {
    /** A line start (JavaScript's multiline {@code ^}) then blanks up to a block or comment opener. */
    private static final Pattern LSTRIP_BLOCKS = Pattern.compile("(?<![^\\n\\r\\u2028\\u2029])[ \\t]*(\\{[#%-])");
    private static final Pattern TRIM_BLOCKS = Pattern.compile("([#%-]\\})\\n");
    /** The tag itself; the whitespace around it is found by scanning, which keeps this linear in the text. */
    private static final Pattern GENERATION_TAG = Pattern.compile(
            "\\{%(-?)" + JsWhitespace.CLASS + "*(?:end)?generation" + JsWhitespace.CLASS + "*(-?)%\\}");

    private final String original;
    private final String text;
    /** origin[i] = index in {@link #original} of text.charAt(i); origin[text.length()] = original.length(). */
    private final int[] origin;
    private final int[] lineStarts;

    private SourceText(String original, String text, int[] origin) {
        this.original = original;
        this.text = text;
        this.origin = origin;
        this.lineStarts = lineStarts(original);
    }

    static SourceText preprocess(String source) {
        int[] identity = new int[source.length() + 1];
        Arrays.setAll(identity, i -> i);
        SourceText s = new SourceText(source, source, identity);
        if (source.endsWith("\n")) {
            s = s.keepRange(0, source.length() - 1);
        }
        s = s.rewrite(LSTRIP_BLOCKS, m -> new int[] {1});
        s = s.rewrite(TRIM_BLOCKS, m -> new int[] {1});
        return s.removeGenerationTags();
    }

    String text() {
        return text;
    }

    /** Index in the source as written of preprocessed offset {@code offset}. */
    int originalOffset(int offset) {
        return origin[Math.max(0, Math.min(offset, text.length()))];
    }

    /** 1-based line of an offset in the source as written. */
    int line(int originalOffset) {
        int i = Arrays.binarySearch(lineStarts, originalOffset);
        return (i >= 0 ? i : -i - 2) + 1;
    }

    /** 1-based column of an offset in the source as written. */
    int column(int originalOffset) {
        return originalOffset - lineStarts[line(originalOffset) - 1] + 1;
    }

    TemplateException error(String detail, int originalOffset) {
        return new TemplateException(detail, line(originalOffset), column(originalOffset), false, null);
    }

    private static int[] lineStarts(String s) {
        List<Integer> starts = new ArrayList<>();
        starts.add(0);
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) == '\n') {
                starts.add(i + 1);
            }
        }
        return starts.stream().mapToInt(Integer::intValue).toArray();
    }

    private SourceText keepRange(int from, int to) {
        int[] o = new int[to - from + 1];
        System.arraycopy(origin, from, o, 0, to - from);
        o[to - from] = origin[text.length()];
        return new SourceText(original, text.substring(from, to), o);
    }

    /** The groups of a match that survive its replacement, in output order. */
    private interface KeptGroups {
        int[] of(Matcher m);
    }

    /** Replaces every match by the concatenation of some of its groups, carrying origins along. */
    private SourceText rewrite(Pattern pattern, KeptGroups kept) {
        Matcher m = pattern.matcher(text);
        if (!m.find()) {
            return this;
        }
        StringBuilder out = new StringBuilder(text.length());
        int[] o = new int[text.length() + 1];
        int n = 0;
        int last = 0;
        do {
            n = copy(last, m.start(), out, o, n);
            for (int g : kept.of(m)) {
                if (m.start(g) >= 0) {
                    n = copy(m.start(g), m.end(g), out, o, n);
                }
            }
            last = m.end();
        } while (m.find());
        n = copy(last, text.length(), out, o, n);
        o[n] = origin[text.length()];
        return new SourceText(original, out.toString(), Arrays.copyOf(o, n + 1));
    }

    /**
     * Removes {@code {% generation %}}/{@code {% endgeneration %}} tags. A {@code -} on a side also removes the
     * whitespace run on that side (as the reference's {@code (\\s*)tag(\\s*)} replacement does; a run already
     * taken by the previous tag is not taken again).
     */
    private SourceText removeGenerationTags() {
        Matcher m = GENERATION_TAG.matcher(text);
        if (!m.find()) {
            return this;
        }
        StringBuilder out = new StringBuilder(text.length());
        int[] o = new int[text.length() + 1];
        int n = 0;
        int last = 0;
        do {
            int before = m.start();
            while (before > last && JsWhitespace.is(text.charAt(before - 1))) {
                before--;
            }
            int after = m.end();
            while (after < text.length() && JsWhitespace.is(text.charAt(after))) {
                after++;
            }
            n = copy(last, m.group(1).isEmpty() ? m.start() : before, out, o, n);
            if (m.group(2).isEmpty()) {
                n = copy(m.end(), after, out, o, n);
            }
            last = after;
        } while (m.find(last));
        n = copy(last, text.length(), out, o, n);
        o[n] = origin[text.length()];
        return new SourceText(original, out.toString(), Arrays.copyOf(o, n + 1));
    }

    private int copy(int from, int to, StringBuilder out, int[] o, int n) {
        out.append(text, from, to);
        for (int i = from; i < to; i++) {
            o[n++] = origin[i];
        }
        return n;
    }
}
