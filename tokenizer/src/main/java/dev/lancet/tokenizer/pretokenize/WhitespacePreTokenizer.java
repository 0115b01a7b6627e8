package dev.lancet.tokenizer.pretokenize;

import java.util.regex.Pattern;

/** {@code Whitespace}: keeps runs of word characters and runs of other non-space characters ({@code \w+|[^\w\s]+}). */
public final class WhitespacePreTokenizer implements PreTokenizer {
    private static final Pattern WORDS = Pattern.compile("\\w+|[^\\w\\s]+", Pattern.UNICODE_CHARACTER_CLASS);

    @Override
    public void split(String piece, boolean atStart, Pieces out) {
        Delimiters.splitRegex(piece, WORDS, atStart, SplitBehavior.REMOVED, true, null, out);
    }
}
