package dev.lancet.steering.values;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One steering run of a sweep: a target value, a method and a strength, and what was measured.
 * Per-value arrays are in circumplex order. Null means "not measured" for the capability numbers
 * and "undefined" for the leakage ratios (the target did not rise).
 *
 * @param target          the value steered toward
 * @param method          method name, e.g. {@code neurons} or {@code caa}
 * @param strength        the method's strength (alpha, coefficient)
 * @param delta           dS_j per value: steered minus unsteered score
 * @param nlr             leakage ratio NLR, null when undefined
 * @param nglr            grouped leakage ratio NGLR, null when undefined
 * @param perplexity      perplexity on held-out general text under steering, or null
 * @param kl              mean KL(base || steered) on neutral prompts (nats), or null
 * @param greedyAgreement fraction of greedy tokens equal to the unsteered ones, or null
 */
public record SweepPoint(SchwartzValue target, String method, @JsonProperty(required = true) double strength, double[] delta,
                         Double nlr, Double nglr, Double perplexity, Double kl, Double greedyAgreement) {
    public SweepPoint {
        String where = "sweep point (" + target + ", " + method + ", " + strength + ")";
        if (target == null) throw new ValueDataException("sweep point: field 'target' missing");
        if (method == null || method.isBlank()) throw new ValueDataException(where + ": field 'method' missing");
        if (!Double.isFinite(strength)) throw new ValueDataException(where + ": strength must be finite");
        if (delta == null || delta.length != SchwartzValue.COUNT) {
            throw new ValueDataException(where + ": 'delta' must hold 10 numbers, got " + (delta == null ? "nothing" : delta.length));
        }
        delta = delta.clone();
        for (double d : delta) if (!Double.isFinite(d)) throw new ValueDataException(where + ": non-finite delta " + d);
        boolean rose = delta[target.ordinal()] > 0;
        checkRatio(nlr, "nlr", rose, where);
        checkRatio(nglr, "nglr", rose, where);
        if (perplexity != null && (!(perplexity >= 1) || perplexity.isInfinite())) {
            throw new ValueDataException(where + ": perplexity must be finite and >= 1, got " + perplexity);
        }
        if (kl != null && !(kl >= 0 && !kl.isInfinite())) throw new ValueDataException(where + ": kl must be >= 0, got " + kl);
        if (greedyAgreement != null && !(greedyAgreement >= 0 && greedyAgreement <= 1)) {
            throw new ValueDataException(where + ": greedyAgreement must be in [0, 1], got " + greedyAgreement);
        }
    }

    private static void checkRatio(Double r, String name, boolean rose, String where) {
        if (r == null) return;
        if (!rose) throw new ValueDataException(where + ": '" + name + "' must be null (undefined) when the target did not rise");
        if (!(r >= 0) || r.isInfinite()) throw new ValueDataException(where + ": '" + name + "' must be finite and >= 0, got " + r);
    }

    /** Builds a point, computing NLR and NGLR from {@code delta}. */
    public static SweepPoint measured(SchwartzValue target, String method, double strength, double[] delta,
                                      Double perplexity, Double kl, Double greedyAgreement, LeakageWeights weights) {
        return new SweepPoint(target, method, strength, delta, Leakage.nlr(delta, target).orNull(),
                Leakage.nglr(delta, target, weights).orNull(), perplexity, kl, greedyAgreement);
    }

    /** dS of the target itself. */
    public double gain() {
        return delta[target.ordinal()];
    }
}
