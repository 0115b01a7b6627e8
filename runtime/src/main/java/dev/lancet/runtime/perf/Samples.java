package dev.lancet.runtime.perf;

import java.util.Arrays;

/** Repeated measurements of one rate: the median and the spread (min and max). */
public record Samples(double median, double min, double max, int count) {
    public static Samples of(double[] values) {
        if (values.length == 0) throw new IllegalArgumentException("no samples");
        double[] v = values.clone();
        Arrays.sort(v);
        int n = v.length;
        double median = n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
        return new Samples(median, v[0], v[n - 1], n);
    }

    /** (max - min) / median: the relative spread. */
    public double spread() {
        return median == 0 ? 0 : (max - min) / median;
    }
}
