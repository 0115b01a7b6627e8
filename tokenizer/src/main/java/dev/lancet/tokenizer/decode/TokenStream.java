package dev.lancet.tokenizer.decode;

/**
 * A stream of decoded tokens flowing from one decoder to the next. A token opens with {@link #begin},
 * may arrive in several {@link #text} fragments (so that text can flow before the token is complete)
 * and closes with {@link #end}; {@link #finish} ends the stream. Decoders that need a whole token
 * (ByteFallback must see all of {@code <0x41>}) buffer its fragments; decoders that join tokens (Fuse,
 * ByteLevel) pass one long token downstream fragment by fragment. Full decoding is the same machine
 * fed all at once, so streamed output always concatenates to the full decode.
 */
public interface TokenStream {
    void begin();

    void text(CharSequence fragment);

    void end();

    void finish();
}
