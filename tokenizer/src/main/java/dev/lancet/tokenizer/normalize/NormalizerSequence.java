package dev.lancet.tokenizer.normalize;

import java.util.List;

/** {@code Sequence}: applies its normalizers in order. */
public final class NormalizerSequence implements Normalizer {
    private final Normalizer[] steps;

    public NormalizerSequence(List<Normalizer> steps) {
        this.steps = steps.toArray(Normalizer[]::new);
    }

    @Override
    public String normalize(String text) {
        for (Normalizer n : steps) text = n.normalize(text);
        return text;
    }
}
