package dev.lancet.tokenizer.decode;

/**
 * A {@link TokenStream} for decoders that need a whole token before they can act (ByteFallback must
 * see all of {@code <0x41>}): it collects the token's fragments in {@link #token}, and subclasses act
 * in {@link #end()}.
 */
abstract class WholeTokenStream implements TokenStream {
    /** The fragments of the current token, joined. */
    protected final StringBuilder token = new StringBuilder();

    @Override
    public final void begin() {
        token.setLength(0);
    }

    @Override
    public final void text(CharSequence fragment) {
        token.append(fragment);
    }
}
