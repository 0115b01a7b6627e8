package dev.lancet.tokenizer.pretokenize;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * GPT-2's reversible byte-to-character map: printable Latin-1 bytes ('!'..'~', '¡'..'¬', '®'..'ÿ')
 * stand for themselves, the other 68 bytes take the characters U+0100, U+0101, ... in byte order.
 * Every vocabulary entry of a byte-level BPE is a string over these 256 characters.
 */
public final class ByteLevelAlphabet {
    private static final char[] BYTE_TO_CHAR = new char[256];
    private static final int[] CHAR_TO_BYTE = new int[0x144];

    static {
        Arrays.fill(CHAR_TO_BYTE, -1);
        int next = 256;
        for (int b = 0; b < 256; b++) {
            boolean printable = (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE);
            char c = printable ? (char) b : (char) next++;
            BYTE_TO_CHAR[b] = c;
            CHAR_TO_BYTE[c] = b;
        }
    }

    private ByteLevelAlphabet() {
    }

    public static char charOf(int b) {
        return BYTE_TO_CHAR[b & 0xFF];
    }

    /** The byte character {@code c} stands for, or -1 when {@code c} is not in the alphabet. */
    public static int byteOf(char c) {
        return c < CHAR_TO_BYTE.length ? CHAR_TO_BYTE[c] : -1;
    }

    /** {@code text}'s UTF-8 bytes, each written as its alphabet character. */
    public static String encode(String text) {
        return encode(text, 0, text.length());
    }

    /** The UTF-8 bytes of {@code text[start, end)}, each written as its alphabet character. */
    public static String encode(String text, int start, int end) {
        boolean ascii = true;
        for (int i = start; i < end && ascii; i++) ascii = text.charAt(i) < 0x80;
        if (ascii) {
            char[] out = new char[end - start];
            for (int i = start; i < end; i++) out[i - start] = BYTE_TO_CHAR[text.charAt(i)];
            return new String(out);
        }
        byte[] bytes = text.substring(start, end).getBytes(StandardCharsets.UTF_8);
        char[] out = new char[bytes.length];
        for (int i = 0; i < bytes.length; i++) out[i] = BYTE_TO_CHAR[bytes[i] & 0xFF];
        return new String(out);
    }
}
