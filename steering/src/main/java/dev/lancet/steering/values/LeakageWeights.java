package dev.lancet.steering.values;

/**
 * Weights w[i][j] of leakage from target i into value j for the grouped leakage ratio NGLR
 * ({@link Leakage#nglr}). The diagonal is 0. Three families:
 * <pre>
 *   uniform:     w_ij = 1                                    (NGLR = NLR)
 *   circumplex:  w_ij = d(i, j) / 5                          d = steps round the circle, 1..5
 *   grouped(f):  w_ij = d(i, j) / 5 * (f if i and j share a higher-order group, else 1)
 * </pre>
 * The default, {@link #standard()}, is grouped(0.5): leakage into a far value counts up to five
 * times as much as into a neighbour, and leakage into a value of the target's own higher-order
 * group (motivationally compatible with it) counts half.
 *
 * @param name    "uniform", "circumplex" or "grouped(f)"
 * @param weights [10][10], circumplex order
 */
public record LeakageWeights(String name, double[][] weights) {
    public static final double DEFAULT_SAME_GROUP_FACTOR = 0.5;

    public LeakageWeights {
        if (weights.length != SchwartzValue.COUNT) throw new IllegalArgumentException("leakage weights must be 10 x 10");
        for (int i = 0; i < weights.length; i++) {
            if (weights[i].length != SchwartzValue.COUNT) throw new IllegalArgumentException("leakage weights must be 10 x 10");
            for (int j = 0; j < weights.length; j++) {
                if (!(weights[i][j] >= 0) || !Double.isFinite(weights[i][j])) {
                    throw new IllegalArgumentException("leakage weight [" + i + "][" + j + "] must be finite and >= 0");
                }
            }
            if (weights[i][i] != 0) throw new IllegalArgumentException("leakage weight of a value into itself must be 0");
        }
    }

    public double weight(SchwartzValue target, SchwartzValue other) {
        return weights[target.ordinal()][other.ordinal()];
    }

    public static LeakageWeights uniform() {
        return build("uniform", (i, j) -> 1.0);
    }

    public static LeakageWeights circumplex() {
        return build("circumplex", (i, j) -> i.circumplexDistance(j) / 5.0);
    }

    public static LeakageWeights grouped(double sameGroupFactor) {
        if (!(sameGroupFactor >= 0) || !Double.isFinite(sameGroupFactor)) {
            throw new IllegalArgumentException("same-group factor must be finite and >= 0, got " + sameGroupFactor);
        }
        return build("grouped(" + sameGroupFactor + ")",
                (i, j) -> i.circumplexDistance(j) / 5.0 * (i.sharesGroupWith(j) ? sameGroupFactor : 1.0));
    }

    /** grouped(0.5). */
    public static LeakageWeights standard() {
        return grouped(DEFAULT_SAME_GROUP_FACTOR);
    }

    private interface WeightFunction {
        double apply(SchwartzValue target, SchwartzValue other);
    }

    private static LeakageWeights build(String name, WeightFunction f) {
        double[][] w = new double[SchwartzValue.COUNT][SchwartzValue.COUNT];
        for (SchwartzValue i : SchwartzValue.values()) {
            for (SchwartzValue j : SchwartzValue.values()) {
                if (i != j) w[i.ordinal()][j.ordinal()] = f.apply(i, j);
            }
        }
        return new LeakageWeights(name, w);
    }
}
