package dev.lancet.tokenizer.pretokenize;

/** One pre-tokenizer of a tokenizer.json pipeline: cuts a piece of normalized text into smaller pieces. */
public interface PreTokenizer {
    /**
     * Appends the pieces of {@code piece} to {@code out}.
     *
     * @param atStart whether {@code piece} begins at offset 0 of the text being encoded
     */
    void split(String piece, boolean atStart, Pieces out);
}
