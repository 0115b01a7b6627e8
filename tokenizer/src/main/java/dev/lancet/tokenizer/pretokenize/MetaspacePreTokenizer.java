package dev.lancet.tokenizer.pretokenize;

/**
 * {@code Metaspace} (SentencePiece): spaces become the replacement character (usually "▁"), which is
 * also prepended (always, or only to the piece at the start of the text, or never), then the piece is
 * cut before every replacement character.
 */
public final class MetaspacePreTokenizer implements PreTokenizer {
    /** When the replacement character is put in front of a piece. */
    public enum PrependScheme { ALWAYS, FIRST, NEVER }

    private final int replacement;
    private final String replacementString;
    private final PrependScheme scheme;
    private final boolean split;

    public MetaspacePreTokenizer(int replacement, PrependScheme scheme, boolean split) {
        this.replacement = replacement;
        this.replacementString = Character.toString(replacement);
        this.scheme = scheme;
        this.split = split;
    }

    @Override
    public void split(String piece, boolean atStart, Pieces out) {
        String text = piece.replace(" ", replacementString);
        boolean prepend = switch (scheme) {
            case ALWAYS -> true;
            case FIRST -> atStart;
            case NEVER -> false;
        };
        if (prepend && !text.startsWith(replacementString)) text = replacementString + text;
        if (split) {
            Delimiters.splitChars(text, cp -> cp == replacement, atStart, SplitBehavior.MERGED_WITH_NEXT, out);
        } else {
            out.add(text, atStart);
        }
    }
}
