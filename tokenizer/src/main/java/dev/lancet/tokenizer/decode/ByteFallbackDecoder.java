package dev.lancet.tokenizer.decode;

/**
 * {@code ByteFallback}: a run of consecutive {@code <0xXX>} tokens is one token of UTF-8 text. Its
 * characters flow downstream as soon as their last byte arrives; the run closes at the next other token.
 */
public final class ByteFallbackDecoder implements Decoder {
    /** The byte a {@code <0xXX>} token stands for, or -1 for any other token. */
    static int byteOf(CharSequence token) {
        if (token.length() != 6 || token.charAt(0) != '<' || token.charAt(1) != '0' || token.charAt(2) != 'x'
                || token.charAt(5) != '>') {
            return -1;
        }
        int hi = Character.digit(token.charAt(3), 16);
        int lo = Character.digit(token.charAt(4), 16);
        return hi < 0 || lo < 0 ? -1 : hi * 16 + lo;
    }

    @Override
    public TokenStream open(TokenStream down) {
        return new WholeTokenStream() {
            private final StringBuilder chars = new StringBuilder();
            private final Utf8StreamDecoder utf8 = new Utf8StreamDecoder();
            private boolean inRun;

            @Override
            public void end() {
                int b = byteOf(token);
                if (b >= 0) {
                    if (!inRun) {
                        down.begin();
                        inRun = true;
                    }
                    utf8.feed(b, chars);
                    emitChars();
                } else {
                    closeRun();
                    down.begin();
                    down.text(token);
                    down.end();
                }
            }

            @Override
            public void finish() {
                closeRun();
                down.finish();
            }

            private void closeRun() {
                if (!inRun) return;
                utf8.flush(chars);
                emitChars();
                down.end();
                inRun = false;
            }

            private void emitChars() {
                if (chars.isEmpty()) return;
                down.text(chars.toString());
                chars.setLength(0);
            }
        };
    }
}
