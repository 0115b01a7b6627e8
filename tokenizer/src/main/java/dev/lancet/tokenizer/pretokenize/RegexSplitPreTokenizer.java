package dev.lancet.tokenizer.pretokenize;

import java.util.regex.Pattern;

/** {@code Split}: cuts at every match of a regex or every occurrence of a literal, per {@link SplitBehavior}. */
public final class RegexSplitPreTokenizer implements PreTokenizer {
    private final Pattern regex;
    private final String literal;
    private final SplitBehavior behavior;
    private final boolean invert;

    private RegexSplitPreTokenizer(Pattern regex, String literal, SplitBehavior behavior, boolean invert) {
        this.regex = regex;
        this.literal = literal;
        this.behavior = behavior;
        this.invert = invert;
    }

    public static RegexSplitPreTokenizer ofRegex(Pattern regex, SplitBehavior behavior, boolean invert) {
        return new RegexSplitPreTokenizer(regex, null, behavior, invert);
    }

    public static RegexSplitPreTokenizer ofLiteral(String literal, SplitBehavior behavior, boolean invert) {
        if (literal.isEmpty()) throw new IllegalArgumentException("empty split pattern");
        return new RegexSplitPreTokenizer(null, literal, behavior, invert);
    }

    @Override
    public void split(String piece, boolean atStart, Pieces out) {
        if (regex != null) Delimiters.splitRegex(piece, regex, atStart, behavior, invert, null, out);
        else Delimiters.splitLiteral(piece, literal, atStart, behavior, invert, out);
    }
}
