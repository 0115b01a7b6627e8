package dev.lancet.steering.values;

import java.util.Arrays;

/**
 * SSAH-style unit classes. Importance is measured twice per neuron by the caller, once on value
 * data and once on general text (for example {@link #meanAbsActivation}, or |activation x gradient|).
 * Each measure is thresholded at its own top-q quantile over all neurons of all layers:
 * <pre>
 *   tau = the ceil(q N)-th largest importance        (N neurons in all)
 *   important(n) = importance(n) >= tau and importance(n) > 0
 *   class = value-critical (value only) | utility-critical (utility only) | complex (both) | redundant (neither)
 * </pre>
 * Ties at tau are all important, so slightly more than q N neurons may be. Default q is
 * {@value #DEFAULT_TOP_FRACTION} for both measures.
 */
public final class UnitClassifier {
    public static final double DEFAULT_TOP_FRACTION = 0.05;

    private UnitClassifier() {}

    /**
     * @param valueImportance   [layer][neuron] importance on value data
     * @param utilityImportance [layer][neuron] importance on general text, same shape
     * @param valueTopFraction  q for the value measure, in (0, 1]
     * @param utilityTopFraction q for the utility measure, in (0, 1]
     */
    public static UnitClasses classify(float[][] valueImportance, float[][] utilityImportance,
                                       double valueTopFraction, double utilityTopFraction) {
        if (valueImportance.length != utilityImportance.length) {
            throw new ValueDataException("importance arrays cover " + valueImportance.length + " and "
                    + utilityImportance.length + " layers; they must match");
        }
        int total = 0;
        for (int l = 0; l < valueImportance.length; l++) {
            if (valueImportance[l].length != utilityImportance[l].length) {
                throw new ValueDataException("layer " + l + ": value importance has " + valueImportance[l].length
                        + " neurons, utility importance " + utilityImportance[l].length);
            }
            total += valueImportance[l].length;
        }
        if (total == 0) throw new ValueDataException("importance arrays hold no neurons");
        double tv = threshold(valueImportance, total, valueTopFraction, "value");
        double tu = threshold(utilityImportance, total, utilityTopFraction, "utility");
        UnitClass[][] classes = new UnitClass[valueImportance.length][];
        for (int l = 0; l < valueImportance.length; l++) {
            classes[l] = new UnitClass[valueImportance[l].length];
            for (int n = 0; n < classes[l].length; n++) {
                float v = valueImportance[l][n];
                float u = utilityImportance[l][n];
                classes[l][n] = UnitClass.of(v >= tv && v > 0, u >= tu && u > 0);
            }
        }
        return new UnitClasses(classes, tv, tu);
    }

    private static double threshold(float[][] importance, int total, double q, String what) {
        if (!(q > 0 && q <= 1)) throw new IllegalArgumentException(what + " top fraction must be in (0, 1], got " + q);
        float[] all = new float[total];
        int k = 0;
        for (int l = 0; l < importance.length; l++) {
            for (int n = 0; n < importance[l].length; n++) {
                float x = importance[l][n];
                if (!Float.isFinite(x)) {
                    throw new ValueDataException(what + " importance of layer " + l + " neuron " + n + " is " + x);
                }
                all[k++] = x;
            }
        }
        Arrays.sort(all);
        int count = (int) Math.max(1, Math.ceil(q * total - 1e-9));
        return all[total - count];
    }

    /** Mean |activation| per neuron over the rows of {@code activations} [examples][neurons]. */
    public static float[] meanAbsActivation(float[][] activations) {
        if (activations.length == 0) throw new ValueDataException("no activations to measure importance on");
        double[] sum = new double[activations[0].length];
        for (float[] row : activations) {
            if (row.length != sum.length) throw new ValueDataException("activation rows differ in length");
            for (int j = 0; j < sum.length; j++) sum[j] += Math.abs(row[j]);
        }
        float[] out = new float[sum.length];
        for (int j = 0; j < sum.length; j++) out[j] = (float) (sum[j] / activations.length);
        return out;
    }
}
