package dev.lancet.tokenizer.decode;

/** One decoder of a tokenizer.json pipeline, turning token strings back into text. */
public interface Decoder {
    /** A fresh stream, with its own state, that writes its output tokens to {@code downstream}. */
    TokenStream open(TokenStream downstream);
}
