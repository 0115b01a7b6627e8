package dev.lancet.steering.record;

import java.util.Arrays;

/**
 * Running per-neuron statistics of one site at one layer: count, mean, M2 (sum of squared deviations from the mean),
 * min and max, in double (min and max are exact floats).
 *
 * <p>One observation x (Welford): {@code n += 1; d = x - mean; mean += d / n; M2 += d * (x - mean)}.
 * Two summaries a, b (Chan et al.): {@code n = na + nb; d = mean_b - mean_a; mean = mean_a + d * nb / n;
 * M2 = M2_a + M2_b + d^2 * na * nb / n}. Variance is {@code M2 / n} (population) or {@code M2 / (n - 1)} (sample).
 * Every token adds one observation to every neuron, so the count is shared by the neurons of a block.
 */
public final class NeuronStats {
    private final int width;
    private long count;
    private final double[] mean;
    private final double[] m2;
    private final float[] min;
    private final float[] max;

    public NeuronStats(int width) {
        if (width < 1) throw new IllegalArgumentException("width must be >= 1, got " + width);
        this.width = width;
        this.mean = new double[width];
        this.m2 = new double[width];
        this.min = new float[width];
        this.max = new float[width];
        Arrays.fill(min, Float.POSITIVE_INFINITY);
        Arrays.fill(max, Float.NEGATIVE_INFINITY);
    }

    /** A summary read from a file; arrays are taken as they are (the reader validated them). */
    NeuronStats(long count, double[] mean, double[] m2, float[] min, float[] max) {
        this.width = mean.length;
        this.count = count;
        this.mean = mean;
        this.m2 = m2;
        this.min = min;
        this.max = max;
    }

    /** Adds one observation per neuron: {@code values[offset .. offset + width)}. No allocation. */
    public void add(float[] values, int offset) {
        long n = ++count;
        for (int j = 0; j < width; j++) {
            float x = values[offset + j];
            double d = x - mean[j];
            mean[j] += d / n;
            m2[j] += d * (x - mean[j]);
            if (x < min[j]) min[j] = x;
            if (x > max[j]) max[j] = x;
        }
    }

    /** Folds {@code other} into this summary (Chan's parallel update). Order matters for the last bits: merge in a fixed order. */
    public void merge(NeuronStats other) {
        if (other.width != width) throw new IllegalArgumentException("cannot merge statistics of width " + other.width + " into width " + width);
        if (other.count == 0) return;
        if (count == 0) {
            count = other.count;
            System.arraycopy(other.mean, 0, mean, 0, width);
            System.arraycopy(other.m2, 0, m2, 0, width);
            System.arraycopy(other.min, 0, min, 0, width);
            System.arraycopy(other.max, 0, max, 0, width);
            return;
        }
        double na = count, nb = other.count, n = na + nb;
        for (int j = 0; j < width; j++) {
            double d = other.mean[j] - mean[j];
            mean[j] += d * nb / n;
            m2[j] += other.m2[j] + d * d * na * nb / n;
            min[j] = Math.min(min[j], other.min[j]);
            max[j] = Math.max(max[j], other.max[j]);
        }
        count += other.count;
    }

    public NeuronStats copy() {
        return new NeuronStats(count, mean.clone(), m2.clone(), min.clone(), max.clone());
    }

    public int width() {
        return width;
    }

    /** Observations per neuron. */
    public long count() {
        return count;
    }

    public double mean(int j) {
        return mean[j];
    }

    public double m2(int j) {
        return m2[j];
    }

    /** Population variance {@code M2 / n} (NaN when n = 0). */
    public double variance(int j) {
        return count == 0 ? Double.NaN : m2[j] / count;
    }

    /** Sample variance {@code M2 / (n - 1)} (NaN when n < 2). */
    public double sampleVariance(int j) {
        return count < 2 ? Double.NaN : m2[j] / (count - 1);
    }

    /** Population standard deviation {@code sqrt(M2 / n)}. */
    public double std(int j) {
        return Math.sqrt(variance(j));
    }

    public float min(int j) {
        return min[j];
    }

    public float max(int j) {
        return max[j];
    }

    public double[] means() {
        return mean.clone();
    }

    public double[] m2s() {
        return m2.clone();
    }

    public float[] mins() {
        return min.clone();
    }

    public float[] maxs() {
        return max.clone();
    }

    /** Bitwise equality of every field (for determinism checks). */
    public boolean sameBits(NeuronStats o) {
        return o.width == width && o.count == count && Arrays.equals(o.mean, mean) && Arrays.equals(o.m2, m2)
                && Arrays.equals(o.min, min) && Arrays.equals(o.max, max);
    }
}
