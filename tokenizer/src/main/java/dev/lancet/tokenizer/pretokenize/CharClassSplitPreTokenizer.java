package dev.lancet.tokenizer.pretokenize;

import dev.lancet.tokenizer.text.UnicodeChars;

import java.util.function.IntPredicate;

/**
 * Pre-tokenizers that cut at single characters of a class: {@code Digits} (numeric characters, each
 * isolated or runs kept together), {@code Punctuation}, {@code WhitespaceSplit} (white space removed)
 * and {@code CharDelimiterSplit} (one given character removed).
 */
public final class CharClassSplitPreTokenizer implements PreTokenizer {
    private final IntPredicate isDelimiter;
    private final SplitBehavior behavior;

    public CharClassSplitPreTokenizer(IntPredicate isDelimiter, SplitBehavior behavior) {
        this.isDelimiter = isDelimiter;
        this.behavior = behavior;
    }

    public static CharClassSplitPreTokenizer digits(boolean individualDigits) {
        return new CharClassSplitPreTokenizer(UnicodeChars::isNumeric,
                individualDigits ? SplitBehavior.ISOLATED : SplitBehavior.CONTIGUOUS);
    }

    public static CharClassSplitPreTokenizer punctuation(SplitBehavior behavior) {
        return new CharClassSplitPreTokenizer(UnicodeChars::isPunctuation, behavior);
    }

    public static CharClassSplitPreTokenizer whitespaceSplit() {
        return new CharClassSplitPreTokenizer(UnicodeChars::isWhiteSpace, SplitBehavior.REMOVED);
    }

    public static CharClassSplitPreTokenizer charDelimiter(int delimiter) {
        return new CharClassSplitPreTokenizer(cp -> cp == delimiter, SplitBehavior.REMOVED);
    }

    @Override
    public void split(String piece, boolean atStart, Pieces out) {
        Delimiters.splitChars(piece, isDelimiter, atStart, behavior, out);
    }
}
