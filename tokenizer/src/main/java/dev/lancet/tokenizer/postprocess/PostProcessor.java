package dev.lancet.tokenizer.postprocess;

/** The last encode step: adds the special tokens (BOS, EOS, ...) the file declares. */
public interface PostProcessor {
    /** The final ids for one encoded sequence; with {@code addSpecialTokens} false it returns {@code ids} unchanged. */
    int[] process(int[] ids, boolean addSpecialTokens);
}
