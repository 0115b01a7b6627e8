package dev.lancet.tokenizer.normalize;

/**
 * {@code Lowercase}: each code point on its own (no final-sigma context, as the Rust library does), with
 * the one unconditional multi-character mapping: U+0130 to "i" + U+0307.
 */
public final class LowercaseNormalizer implements Normalizer {
    @Override
    public String normalize(String text) {
        StringBuilder sb = null;
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            int n = Character.charCount(cp);
            int lower = Character.toLowerCase(cp);
            if (lower != cp || cp == 0x130) {
                if (sb == null) sb = new StringBuilder(text.length()).append(text, 0, i);
                if (cp == 0x130) sb.append("i\u0307");
                else sb.appendCodePoint(lower);
            } else if (sb != null) {
                sb.appendCodePoint(cp);
            }
            i += n;
        }
        return sb == null ? text : sb.toString();
    }
}
