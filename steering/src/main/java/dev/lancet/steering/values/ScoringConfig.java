package dev.lancet.steering.values;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Settings of the per-neuron scores; all of them change results and are written into neurons.json.
 *
 * @param smdEpsilon        eps added to the pooled variance of Cohen's d
 * @param probe             sparse probe settings
 * @param firingThreshold   activation above which a neuron "fires" (LAPE)
 * @param minFiringRate     floor on the firing probability for a non-zero specificity (LAPE)
 */
public record ScoringConfig(@JsonProperty(required = true) double smdEpsilon, SparseLogisticProbe.Config probe,
                            @JsonProperty(required = true) double firingThreshold,
                            @JsonProperty(required = true) double minFiringRate) {
    public ScoringConfig {
        if (!(smdEpsilon >= 0)) throw new IllegalArgumentException("smdEpsilon must be >= 0, got " + smdEpsilon);
        if (probe == null) throw new IllegalArgumentException("probe settings missing");
        if (!Double.isFinite(firingThreshold)) throw new IllegalArgumentException("firingThreshold must be finite");
        if (!(minFiringRate >= 0 && minFiringRate <= 1)) {
            throw new IllegalArgumentException("minFiringRate must be in [0, 1], got " + minFiringRate);
        }
    }

    public static ScoringConfig defaults() {
        return new ScoringConfig(StandardizedMeanDifference.DEFAULT_EPSILON, SparseLogisticProbe.Config.defaults(),
                ActivationSpecificity.DEFAULT_THRESHOLD, ActivationSpecificity.DEFAULT_MIN_FIRING_RATE);
    }
}
