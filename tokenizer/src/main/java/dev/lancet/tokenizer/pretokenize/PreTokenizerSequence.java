package dev.lancet.tokenizer.pretokenize;

import java.util.List;

/** {@code Sequence}: runs each pre-tokenizer over all pieces the previous one produced. */
public final class PreTokenizerSequence implements PreTokenizer {
    private final PreTokenizer[] stages;

    public PreTokenizerSequence(List<PreTokenizer> stages) {
        this.stages = stages.toArray(PreTokenizer[]::new);
    }

    @Override
    public void split(String piece, boolean atStart, Pieces out) {
        if (stages.length == 0) {
            out.add(piece, atStart);
            return;
        }
        Pieces current = new Pieces();
        current.add(piece, atStart);
        for (int s = 0; s < stages.length; s++) {
            Pieces next = s == stages.length - 1 ? out : new Pieces();
            for (int i = 0; i < current.size(); i++) stages[s].split(current.get(i), current.atStart(i), next);
            current = next;
        }
    }
}
