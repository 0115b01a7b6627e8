package dev.lancet.tokenizer.postprocess;

import java.util.List;

/** {@code Sequence}: applies its post-processors in order. */
public final class PostProcessorSequence implements PostProcessor {
    private final PostProcessor[] steps;

    public PostProcessorSequence(List<PostProcessor> steps) {
        this.steps = steps.toArray(PostProcessor[]::new);
    }

    @Override
    public int[] process(int[] ids, boolean addSpecialTokens) {
        for (PostProcessor p : steps) ids = p.process(ids, addSpecialTokens);
        return ids;
    }
}
