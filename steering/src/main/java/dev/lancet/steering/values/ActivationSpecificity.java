package dev.lancet.steering.values;

/**
 * LAPE-style activation specificity: how concentrated a neuron's firing is on one value.
 * With P_v the examples promoting value v and K the number of values in the contrast:
 * <pre>
 *   p_vn = |{e in P_v : a_en > threshold}| / |P_v|          firing probability of neuron n on value v
 *   q_vn = p_vn / sum_u p_un                               normalised to a distribution over the values
 *   H_n  = -sum_v q_vn ln q_vn / ln K                      entropy in [0, 1] (0 when K = 1)
 *   s_vn = (1 - H_n) max(0, q_vn - 1/K) / (1 - 1/K)   if p_vn >= minFiringRate, else 0   (K >= 2)
 *   s_vn = 1 if p_vn >= minFiringRate, else 0                                          (K = 1)
 * </pre>
 * Low entropy means the neuron is specific to few values; {@code s_vn} is high when it is specific
 * and v holds more than a uniform share (1/K) of its firing mass. Counting only the excess over the
 * uniform share keeps a neuron specific to another value from scoring for v at all. A neuron that
 * never fires has s = 0 and H = 1. The {@code minFiringRate} floor stops a neuron that fires on
 * one example of one value, and never elsewhere, from scoring as perfectly specific.
 *
 * @param firingRate p[value][neuron], null rows for values not in the contrast
 * @param entropy    H[neuron], normalised
 * @param score      s[value][neuron], null rows for values not in the contrast
 */
public record ActivationSpecificity(double[][] firingRate, double[] entropy, double[][] score) {
    /** Default activation threshold: "fires" means a positive mean activation. */
    public static final double DEFAULT_THRESHOLD = 0.0;
    /** Default floor on p_vn for a non-zero specificity. */
    public static final double DEFAULT_MIN_FIRING_RATE = 0.05;

    public static ActivationSpecificity compute(float[][] activations, ValueContrast contrast, double threshold,
                                                double minFiringRate) {
        int width = activations.length == 0 ? 0 : activations[0].length;
        double[][] rate = new double[SchwartzValue.COUNT][];
        int k = 0;
        for (SchwartzValue v : contrast.values()) {
            boolean[] pos = contrast.positive(v);
            double[] p = new double[width];
            int n = 0;
            for (int e = 0; e < activations.length; e++) {
                if (!pos[e]) continue;
                n++;
                float[] row = activations[e];
                for (int j = 0; j < width; j++) if (row[j] > threshold) p[j]++;
            }
            for (int j = 0; j < width; j++) p[j] = n == 0 ? 0 : p[j] / n;
            rate[v.ordinal()] = p;
            k++;
        }
        double logK = k > 1 ? Math.log(k) : 1;
        double[] entropy = new double[width];
        double[][] score = new double[SchwartzValue.COUNT][];
        for (SchwartzValue v : contrast.values()) score[v.ordinal()] = new double[width];
        for (int j = 0; j < width; j++) {
            double sum = 0;
            for (double[] p : rate) if (p != null) sum += p[j];
            if (sum == 0) {
                entropy[j] = 1;
                continue;
            }
            double h = 0;
            for (double[] p : rate) {
                if (p == null || p[j] == 0) continue;
                double q = p[j] / sum;
                h -= q * Math.log(q);
            }
            entropy[j] = k > 1 ? h / logK : 0;
            double concentration = 1 - entropy[j];
            for (int v = 0; v < SchwartzValue.COUNT; v++) {
                if (rate[v] == null || rate[v][j] < minFiringRate) continue;
                if (k == 1) {
                    score[v][j] = 1;
                } else {
                    double excess = rate[v][j] / sum - 1.0 / k;
                    score[v][j] = excess <= 0 ? 0 : concentration * excess / (1 - 1.0 / k);
                }
            }
        }
        return new ActivationSpecificity(rate, entropy, score);
    }
}
