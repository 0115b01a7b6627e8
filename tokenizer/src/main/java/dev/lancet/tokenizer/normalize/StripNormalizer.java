package dev.lancet.tokenizer.normalize;

import dev.lancet.tokenizer.text.UnicodeChars;

/** {@code Strip}: removes leading and/or trailing Unicode white space. */
public final class StripNormalizer implements Normalizer {
    private final boolean left;
    private final boolean right;

    public StripNormalizer(boolean left, boolean right) {
        this.left = left;
        this.right = right;
    }

    @Override
    public String normalize(String text) {
        int start = 0;
        int end = text.length();
        if (left) {
            while (start < end) {
                int cp = text.codePointAt(start);
                if (!UnicodeChars.isWhiteSpace(cp)) break;
                start += Character.charCount(cp);
            }
        }
        if (right) {
            while (end > start) {
                int cp = text.codePointBefore(end);
                if (!UnicodeChars.isWhiteSpace(cp)) break;
                end -= Character.charCount(cp);
            }
        }
        return text.substring(start, end);
    }
}
