package dev.lancet.steering.values;

/**
 * Cohen's d per neuron with a pooled standard deviation:
 * <pre>
 *   pooled^2 = ((nPos - 1) sPos^2 + (nNeg - 1) sNeg^2) / (nPos + nNeg - 2)     (0 when nPos + nNeg <= 2)
 *   d        = (meanPos - meanNeg) / sqrt(pooled^2 + eps)
 * </pre>
 * {@code eps} (in squared activation units) keeps dead or constant neurons finite: a neuron that is
 * constant in both conditions with equal means scores 0, and one with a tiny variance cannot reach
 * a huge d from a tiny difference.
 */
public final class StandardizedMeanDifference {
    /** Default eps added to the pooled variance. */
    public static final double DEFAULT_EPSILON = 1e-6;

    private StandardizedMeanDifference() {}

    public static double[] of(ConditionStats s, double epsilon) {
        if (!(epsilon >= 0)) throw new IllegalArgumentException("SMD epsilon must be >= 0, got " + epsilon);
        int width = s.width();
        double[] d = new double[width];
        int dof = s.positives() + s.negatives() - 2;
        for (int j = 0; j < width; j++) {
            double pooled = dof <= 0 ? 0
                    : ((s.positives() - 1) * s.stdPos()[j] * s.stdPos()[j]
                    + (s.negatives() - 1) * s.stdNeg()[j] * s.stdNeg()[j]) / dof;
            double denom = Math.sqrt(pooled + epsilon);
            double diff = s.meanPos()[j] - s.meanNeg()[j];
            d[j] = denom == 0 ? (diff == 0 ? 0 : Math.copySign(Double.MAX_VALUE, diff)) : diff / denom;
        }
        return d;
    }
}
