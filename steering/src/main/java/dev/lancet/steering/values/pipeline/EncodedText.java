package dev.lancet.steering.values.pipeline;

/**
 * A text as token ids, with the first position of the part that statistics and likelihoods are taken
 * over (the response of a dialogue; 0 when the whole text counts).
 */
public record EncodedText(int[] ids, int start) {
    public EncodedText {
        if (ids.length == 0) throw new IllegalArgumentException("empty text");
        if (start < 0 || start >= ids.length) throw new IllegalArgumentException("start " + start + " outside 0.." + (ids.length - 1));
    }
}
