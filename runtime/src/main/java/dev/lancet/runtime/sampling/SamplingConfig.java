package dev.lancet.runtime.sampling;

import dev.lancet.runtime.LancetException;

/**
 * How the next token is chosen. temperature 0 is greedy (argmax, lowest id on ties). Otherwise, in
 * order: repetition penalty on the logits of tokens already seen (HF rule: positive logits divided by
 * the penalty, negative ones multiplied), divide by temperature, softmax, keep the top-k, keep the
 * smallest prefix with cumulative probability >= top-p, drop tokens below min-p x max probability,
 * renormalise and draw with a seeded generator. topK 0, topP 1, minP 0, penalty 1 disable a step.
 */
public record SamplingConfig(float temperature, int topK, float topP, float minP, float repetitionPenalty, long seed) {

    public static final SamplingConfig GREEDY = new SamplingConfig(0f, 0, 1f, 0f, 1f, 0L);

    public SamplingConfig {
        check("temperature", temperature, temperature >= 0);
        if (topK < 0) throw new LancetException("top-k must be >= 0, got " + topK);
        check("top-p", topP, topP > 0 && topP <= 1);
        check("min-p", minP, minP >= 0 && minP <= 1);
        check("repetition penalty", repetitionPenalty, repetitionPenalty > 0);
    }

    private static void check(String name, float v, boolean ok) {
        if (Float.isNaN(v) || Float.isInfinite(v) || !ok) throw new LancetException(name + " " + v + " is out of range");
    }

    public boolean greedy() {
        return temperature == 0f;
    }
}
