package dev.lancet.tokenizer.decode;

import dev.lancet.tokenizer.pretokenize.ByteLevelAlphabet;

import java.nio.charset.StandardCharsets;

/**
 * {@code ByteLevel}: maps every token's characters back to bytes through the {@link ByteLevelAlphabet}
 * and decodes the joined bytes as UTF-8 into a single token. A token with a character outside the
 * alphabet (an added token such as "&lt;|im_start|&gt;" may have one) contributes its own UTF-8 bytes.
 */
public final class ByteLevelDecoder implements Decoder {
    @Override
    public TokenStream open(TokenStream down) {
        return new WholeTokenStream() {
            private final StringBuilder chars = new StringBuilder();
            private final Utf8StreamDecoder utf8 = new Utf8StreamDecoder();
            private boolean begun;

            @Override
            public void end() {
                boolean mapped = true;
                for (int i = 0; i < token.length() && mapped; i++) mapped = ByteLevelAlphabet.byteOf(token.charAt(i)) >= 0;
                if (mapped) {
                    for (int i = 0; i < token.length(); i++) utf8.feed(ByteLevelAlphabet.byteOf(token.charAt(i)), chars);
                } else {
                    for (byte b : token.toString().getBytes(StandardCharsets.UTF_8)) utf8.feed(b, chars);
                }
                if (!chars.isEmpty()) {
                    beginOnce();
                    down.text(chars.toString());
                    chars.setLength(0);
                }
            }

            @Override
            public void finish() {
                utf8.flush(chars);
                beginOnce();
                if (!chars.isEmpty()) down.text(chars.toString());
                chars.setLength(0);
                down.end();
                down.finish();
            }

            private void beginOnce() {
                if (!begun) down.begin();
                begun = true;
            }
        };
    }
}
