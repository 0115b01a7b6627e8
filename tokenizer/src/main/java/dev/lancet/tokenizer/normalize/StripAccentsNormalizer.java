package dev.lancet.tokenizer.normalize;

/** {@code StripAccents}: drops combining marks, general categories Mn, Mc and Me (meant to follow NFD/NFKD). */
public final class StripAccentsNormalizer implements Normalizer {
    @Override
    public String normalize(String text) {
        StringBuilder sb = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            int type = Character.getType(cp);
            if (type != Character.NON_SPACING_MARK && type != Character.COMBINING_SPACING_MARK
                    && type != Character.ENCLOSING_MARK) {
                sb.appendCodePoint(cp);
            }
            i += Character.charCount(cp);
        }
        return sb.length() == text.length() ? text : sb.toString();
    }
}
