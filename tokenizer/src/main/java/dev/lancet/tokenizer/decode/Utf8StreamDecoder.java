package dev.lancet.tokenizer.decode;

/**
 * Byte-at-a-time UTF-8 decoding that emits a character as soon as its last byte arrives. Invalid input
 * becomes U+FFFD per maximal ill-formed subsequence (the WHATWG Encoding rule, which Rust's
 * {@code from_utf8_lossy} and JavaScript's TextDecoder also follow), so a whole-text decode and a
 * byte-by-byte decode agree.
 */
final class Utf8StreamDecoder {
    private int codePoint;
    private int needed;
    private int seen;
    private int lower = 0x80;
    private int upper = 0xBF;

    boolean pending() {
        return needed != 0;
    }

    void feed(int b, StringBuilder out) {
        b &= 0xFF;
        if (needed == 0) {
            if (b < 0x80) {
                out.append((char) b);
            } else if (b >= 0xC2 && b <= 0xDF) {
                needed = 1;
                codePoint = b & 0x1F;
            } else if (b >= 0xE0 && b <= 0xEF) {
                if (b == 0xE0) lower = 0xA0;
                if (b == 0xED) upper = 0x9F;
                needed = 2;
                codePoint = b & 0x0F;
            } else if (b >= 0xF0 && b <= 0xF4) {
                if (b == 0xF0) lower = 0x90;
                if (b == 0xF4) upper = 0x8F;
                needed = 3;
                codePoint = b & 0x07;
            } else {
                out.append('\uFFFD');
            }
            return;
        }
        if (b < lower || b > upper) {
            reset();
            out.append('\uFFFD');
            feed(b, out);
            return;
        }
        lower = 0x80;
        upper = 0xBF;
        codePoint = (codePoint << 6) | (b & 0x3F);
        if (++seen == needed) {
            out.appendCodePoint(codePoint);
            reset();
        }
    }

    /** End of input: an incomplete sequence becomes one U+FFFD. */
    void flush(StringBuilder out) {
        if (needed != 0) {
            reset();
            out.append('\uFFFD');
        }
    }

    private void reset() {
        codePoint = 0;
        needed = 0;
        seen = 0;
        lower = 0x80;
        upper = 0xBF;
    }
}
