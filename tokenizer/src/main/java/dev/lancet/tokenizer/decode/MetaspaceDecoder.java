package dev.lancet.tokenizer.decode;

/**
 * {@code Metaspace}: the replacement character ("▁") becomes a space, except in the first token where,
 * unless the prepend scheme is {@code never}, it is dropped (the Rust library drops every one in that
 * token, not only the leading one).
 */
public final class MetaspaceDecoder implements Decoder {
    private final int replacement;
    private final boolean dropInFirst;

    public MetaspaceDecoder(int replacement, boolean dropInFirst) {
        this.replacement = replacement;
        this.dropInFirst = dropInFirst;
    }

    @Override
    public TokenStream open(TokenStream down) {
        return new TokenStream() {
            private final StringBuilder out = new StringBuilder();
            private int index = -1;

            @Override
            public void begin() {
                index++;
                down.begin();
            }

            @Override
            public void text(CharSequence fragment) {
                for (int i = 0; i < fragment.length(); ) {
                    int cp = Character.codePointAt(fragment, i);
                    i += Character.charCount(cp);
                    if (cp != replacement) out.appendCodePoint(cp);
                    else if (index != 0 || !dropInFirst) out.append(' ');
                }
                if (!out.isEmpty()) {
                    down.text(out.toString());
                    out.setLength(0);
                }
            }

            @Override
            public void end() {
                down.end();
            }

            @Override
            public void finish() {
                down.finish();
            }
        };
    }
}
