package dev.lancet.tokenizer.pretokenize;

import java.util.function.IntPredicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds delimiters in a piece and feeds the covering segments to a {@link SegmentJoiner}: every regex
 * match, every occurrence of a literal, or every single character satisfying a predicate (each such
 * character is a delimiter of its own).
 */
final class Delimiters {
    private Delimiters() {
    }

    static void splitRegex(String text, Pattern pattern, boolean atStart, SplitBehavior behavior, boolean invert,
                           PieceEncoder encoder, Pieces out) {
        SegmentJoiner j = new SegmentJoiner(text, atStart, behavior, invert, encoder, out);
        Matcher m = pattern.matcher(text);
        int prev = 0;
        while (m.find()) {
            if (m.start() > prev) j.segment(prev, m.start(), false);
            j.segment(m.start(), m.end(), true);
            prev = m.end();
        }
        if (prev < text.length()) j.segment(prev, text.length(), false);
        j.finish();
    }

    static void splitLiteral(String text, String literal, boolean atStart, SplitBehavior behavior, boolean invert,
                             Pieces out) {
        SegmentJoiner j = new SegmentJoiner(text, atStart, behavior, invert, null, out);
        int prev = 0;
        int at;
        while ((at = text.indexOf(literal, prev)) >= 0) {
            if (at > prev) j.segment(prev, at, false);
            j.segment(at, at + literal.length(), true);
            prev = at + literal.length();
        }
        if (prev < text.length()) j.segment(prev, text.length(), false);
        j.finish();
    }

    static void splitChars(String text, IntPredicate isDelimiter, boolean atStart, SplitBehavior behavior,
                           Pieces out) {
        SegmentJoiner j = new SegmentJoiner(text, atStart, behavior, false, null, out);
        int prev = 0;
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            int n = Character.charCount(cp);
            if (isDelimiter.test(cp)) {
                if (i > prev) j.segment(prev, i, false);
                j.segment(i, i + n, true);
                prev = i + n;
            }
            i += n;
        }
        if (prev < text.length()) j.segment(prev, text.length(), false);
        j.finish();
    }
}
