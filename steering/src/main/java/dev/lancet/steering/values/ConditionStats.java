package dev.lancet.steering.values;

/**
 * Per-neuron mean and standard deviation of activations under the two conditions of one value's
 * contrast. Standard deviations are sample ones (divide by n - 1; 0 for a single example).
 *
 * @param positives number of positive examples
 * @param negatives number of negative examples
 */
public record ConditionStats(int positives, int negatives, double[] meanPos, double[] stdPos,
                             double[] meanNeg, double[] stdNeg) {

    public int width() {
        return meanPos.length;
    }

    /**
     * Two passes over the rows (means, then squared deviations) in double precision, rows in
     * order, so the result does not depend on anything but the inputs.
     */
    public static ConditionStats compute(float[][] activations, boolean[] positive, boolean[] negative) {
        int width = activations.length == 0 ? 0 : activations[0].length;
        double[] meanPos = new double[width];
        double[] meanNeg = new double[width];
        int nPos = 0;
        int nNeg = 0;
        for (int e = 0; e < activations.length; e++) {
            float[] row = activations[e];
            if (positive[e]) {
                nPos++;
                for (int j = 0; j < width; j++) meanPos[j] += row[j];
            } else if (negative[e]) {
                nNeg++;
                for (int j = 0; j < width; j++) meanNeg[j] += row[j];
            }
        }
        for (int j = 0; j < width; j++) {
            meanPos[j] = nPos == 0 ? 0 : meanPos[j] / nPos;
            meanNeg[j] = nNeg == 0 ? 0 : meanNeg[j] / nNeg;
        }
        double[] ssPos = new double[width];
        double[] ssNeg = new double[width];
        for (int e = 0; e < activations.length; e++) {
            float[] row = activations[e];
            if (positive[e]) {
                for (int j = 0; j < width; j++) {
                    double d = row[j] - meanPos[j];
                    ssPos[j] += d * d;
                }
            } else if (negative[e]) {
                for (int j = 0; j < width; j++) {
                    double d = row[j] - meanNeg[j];
                    ssNeg[j] += d * d;
                }
            }
        }
        for (int j = 0; j < width; j++) {
            ssPos[j] = nPos > 1 ? Math.sqrt(ssPos[j] / (nPos - 1)) : 0;
            ssNeg[j] = nNeg > 1 ? Math.sqrt(ssNeg[j] / (nNeg - 1)) : 0;
        }
        return new ConditionStats(nPos, nNeg, meanPos, ssPos, meanNeg, ssNeg);
    }
}
