package dev.lancet.steering.values.pipeline;

/**
 * Settings of {@link ValueEvaluator}.
 *
 * @param measure          {@code pvq} (expected PVQ answer per value) or {@code preference}
 *                         (length-normalised log-likelihood of value-promoting minus other responses)
 * @param useChatTemplate  ask instruct models through their chat template
 * @param textsPerClass    preference: at most this many promoting and contrast texts per value
 * @param maxTokens        tokens per text
 * @param neutralPrompts   capability: how many general lines serve as neutral prompts (KL, greedy agreement)
 * @param neutralTokens    capability: prompt length taken from each of them
 * @param greedyTokens     capability: greedy continuation length compared with the unsteered model
 */
public record EvaluationOptions(String measure, boolean useChatTemplate, int textsPerClass, int maxTokens,
                                int neutralPrompts, int neutralTokens, int greedyTokens) {
    public EvaluationOptions {
        if (!measure.equals("pvq") && !measure.equals("preference")) {
            throw new IllegalArgumentException("--measure must be pvq or preference, got '" + measure + "'");
        }
    }

    public static EvaluationOptions defaults() {
        return new EvaluationOptions("pvq", true, 6, 128, 8, 8, 16);
    }

    public EvaluationOptions withMeasure(String m) {
        return new EvaluationOptions(m, useChatTemplate, textsPerClass, maxTokens, neutralPrompts, neutralTokens, greedyTokens);
    }
}
