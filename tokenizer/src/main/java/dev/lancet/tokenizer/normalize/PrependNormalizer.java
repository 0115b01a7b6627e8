package dev.lancet.tokenizer.normalize;

/** {@code Prepend}: puts a fixed string (SentencePiece's "▁") before every non-empty piece. */
public final class PrependNormalizer implements Normalizer {
    private final String prefix;

    public PrependNormalizer(String prefix) {
        this.prefix = prefix;
    }

    @Override
    public String normalize(String text) {
        return text.isEmpty() ? text : prefix.concat(text);
    }
}
