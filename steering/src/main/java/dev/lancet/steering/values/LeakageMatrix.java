package dev.lancet.steering.values;

/**
 * M[i][j] = dS_j / dS_i when steering toward target i (see {@link Leakage}); a row is NaN when the
 * target was not run or did not rise.
 *
 * @param m [10][10], circumplex order
 */
public record LeakageMatrix(double[][] m) {

    public double get(SchwartzValue target, SchwartzValue value) {
        return m[target.ordinal()][value.ordinal()];
    }

    /** Whether target i's row is defined. */
    public boolean defined(SchwartzValue target) {
        return !Double.isNaN(m[target.ordinal()][target.ordinal()]);
    }

    /**
     * Mean of M[i][j] over defined rows and j at circumplex distance d from i, for d = 1..5
     * (index d; index 0 is NaN). Shows whether leakage falls off with distance round the circle.
     */
    public double[] meanByDistance() {
        double[] sum = new double[6];
        int[] n = new int[6];
        for (SchwartzValue i : SchwartzValue.values()) {
            if (!defined(i)) continue;
            for (SchwartzValue j : SchwartzValue.values()) {
                if (i == j) continue;
                int d = i.circumplexDistance(j);
                sum[d] += get(i, j);
                n[d]++;
            }
        }
        double[] out = new double[6];
        out[0] = Double.NaN;
        for (int d = 1; d <= 5; d++) out[d] = n[d] == 0 ? Double.NaN : sum[d] / n[d];
        return out;
    }
}
