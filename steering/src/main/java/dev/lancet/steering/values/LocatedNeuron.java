package dev.lancet.steering.values;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One neuron located for a value, with what an edit plan needs (the activation statistics under
 * each condition) and the scores that put it there.
 *
 * @param layer       0-based layer
 * @param neuron      0-based index within the layer's {@code mlp.neurons}
 * @param score       combined ranking score in [0, 1]
 * @param meanPos     mean activation on texts promoting the value
 * @param stdPos      its sample standard deviation
 * @param meanNeg     mean activation on the negative class
 * @param stdNeg      its sample standard deviation
 * @param smd         Cohen's d
 * @param probeWeight sparse-probe coefficient (standardised features)
 * @param specificity LAPE specificity
 */
public record LocatedNeuron(@JsonProperty(required = true) int layer, @JsonProperty(required = true) int neuron,
                            @JsonProperty(required = true) double score, @JsonProperty(required = true) double meanPos,
                            @JsonProperty(required = true) double stdPos, @JsonProperty(required = true) double meanNeg,
                            @JsonProperty(required = true) double stdNeg, @JsonProperty(required = true) double smd,
                            @JsonProperty(required = true) double probeWeight, @JsonProperty(required = true) double specificity) {
    public LocatedNeuron {
        if (layer < 0) throw new ValueDataException("located neuron: layer must be >= 0, got " + layer);
        if (neuron < 0) throw new ValueDataException("located neuron: neuron must be >= 0, got " + neuron);
        double[] numbers = {score, meanPos, stdPos, meanNeg, stdNeg, smd, probeWeight, specificity};
        for (double x : numbers) {
            if (!Double.isFinite(x)) {
                throw new ValueDataException("located neuron layer " + layer + " neuron " + neuron + ": non-finite number " + x);
            }
        }
        if (stdPos < 0 || stdNeg < 0) {
            throw new ValueDataException("located neuron layer " + layer + " neuron " + neuron + ": negative standard deviation");
        }
    }
}
