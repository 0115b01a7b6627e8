package dev.lancet.tokenizer.normalize;

/** One normalizer of a tokenizer.json pipeline: rewrites a piece of input text before pre-tokenization. */
public interface Normalizer {
    String normalize(String text);
}
