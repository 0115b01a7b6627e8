package dev.lancet.tokenizer.decode;

/** What a file without a decoder does: joins the tokens with single spaces. */
public final class SpaceJoinDecoder implements Decoder {
    @Override
    public TokenStream open(TokenStream down) {
        return new TokenStream() {
            private boolean begun;

            @Override
            public void begin() {
                if (begun) {
                    down.text(" ");
                } else {
                    down.begin();
                    begun = true;
                }
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
                if (begun) down.end();
                down.finish();
            }
        };
    }
}
