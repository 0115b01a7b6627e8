package dev.lancet.tokenizer.pretokenize;

import dev.lancet.tokenizer.regex.OnigurumaPattern;

import java.util.regex.Pattern;

/**
 * {@code ByteLevel}: optionally prefixes a space, optionally splits with GPT-2's pattern (contractions,
 * letter runs, digit runs, other runs, whitespace), then rewrites each piece's UTF-8 bytes in the
 * {@link ByteLevelAlphabet}.
 */
public final class ByteLevelPreTokenizer implements PreTokenizer {
    /** GPT-2's split pattern, as the Rust library hard-codes it. */
    static final Pattern GPT2 = OnigurumaPattern.compile(
            "'s|'t|'re|'ve|'m|'ll|'d| ?\\p{L}+| ?\\p{N}+| ?[^\\s\\p{L}\\p{N}]+|\\s+(?!\\S)|\\s+");

    private final boolean addPrefixSpace;
    private final boolean useRegex;

    public ByteLevelPreTokenizer(boolean addPrefixSpace, boolean useRegex) {
        this.addPrefixSpace = addPrefixSpace;
        this.useRegex = useRegex;
    }

    @Override
    public void split(String piece, boolean atStart, Pieces out) {
        String text = addPrefixSpace && !piece.startsWith(" ") ? " " + piece : piece;
        if (useRegex) {
            Delimiters.splitRegex(text, GPT2, atStart, SplitBehavior.ISOLATED, false, ByteLevelAlphabet::encode, out);
        } else {
            out.add(ByteLevelAlphabet.encode(text), atStart);
        }
    }
}
