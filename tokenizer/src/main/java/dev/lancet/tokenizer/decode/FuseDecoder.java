package dev.lancet.tokenizer.decode;

/** {@code Fuse}: all tokens become one token (its fragments still flow as they arrive). */
public final class FuseDecoder implements Decoder {
    @Override
    public TokenStream open(TokenStream down) {
        return new TokenStream() {
            private boolean begun;

            @Override
            public void begin() {
                if (!begun) down.begin();
                begun = true;
            }

            @Override
            public void text(CharSequence fragment) {
                down.text(fragment);
            }

            @Override
            public void end() {
            }

            @Override
            public void finish() {
                if (!begun) down.begin();
                begun = true;
                down.end();
                down.finish();
            }
        };
    }
}
