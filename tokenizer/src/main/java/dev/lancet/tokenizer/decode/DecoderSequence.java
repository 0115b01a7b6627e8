package dev.lancet.tokenizer.decode;

import java.util.List;

/** {@code Sequence}: each decoder's output tokens are the next one's input. */
public final class DecoderSequence implements Decoder {
    private final Decoder[] steps;

    public DecoderSequence(List<Decoder> steps) {
        this.steps = steps.toArray(Decoder[]::new);
    }

    @Override
    public TokenStream open(TokenStream downstream) {
        TokenStream s = downstream;
        for (int i = steps.length - 1; i >= 0; i--) s = steps[i].open(s);
        return s;
    }
}
