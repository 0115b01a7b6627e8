package dev.lancet.tokenizer.normalize;

/** NFC, NFD, NFKC or NFKD (tokenizer.json types of the same names). */
public final class UnicodeNormalizer implements Normalizer {
    private final java.text.Normalizer.Form form;

    public UnicodeNormalizer(java.text.Normalizer.Form form) {
        this.form = form;
    }

    @Override
    public String normalize(String text) {
        return java.text.Normalizer.isNormalized(text, form) ? text : java.text.Normalizer.normalize(text, form);
    }
}
