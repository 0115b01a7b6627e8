package dev.lancet.tokenizer.decode;

/**
 * {@code Strip}: removes up to {@code start} leading and up to {@code stop} trailing copies of
 * {@code content} from each token (SentencePiece files use it after Fuse to drop the space the
 * encoder prepended). Trailing copies are held back until the token's end shows whether they are trailing.
 */
public final class StripDecoder implements Decoder {
    private final int content;
    private final int start;
    private final int stop;

    public StripDecoder(int content, int start, int stop) {
        this.content = content;
        this.start = start;
        this.stop = stop;
    }

    @Override
    public TokenStream open(TokenStream down) {
        return new TokenStream() {
            private final StringBuilder out = new StringBuilder();
            private boolean leading;
            private int stripped;
            private int held;

            @Override
            public void begin() {
                leading = true;
                stripped = 0;
                held = 0;
                down.begin();
            }

            @Override
            public void text(CharSequence fragment) {
                for (int i = 0; i < fragment.length(); ) {
                    int cp = Character.codePointAt(fragment, i);
                    i += Character.charCount(cp);
                    if (leading) {
                        if (cp == content && stripped < start) {
                            stripped++;
                            continue;
                        }
                        leading = false;
                    }
                    if (stop > 0 && cp == content) {
                        if (held == stop) out.appendCodePoint(content);
                        else held++;
                        continue;
                    }
                    for (; held > 0; held--) out.appendCodePoint(content);
                    out.appendCodePoint(cp);
                }
                if (!out.isEmpty()) {
                    down.text(out.toString());
                    out.setLength(0);
                }
            }

            @Override
            public void end() {
                held = 0;
                down.end();
            }

            @Override
            public void finish() {
                down.finish();
            }
        };
    }
}
