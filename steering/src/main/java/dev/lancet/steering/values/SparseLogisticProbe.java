package dev.lancet.steering.values;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * An L1-regularised logistic regression ("sparse probe") telling one value's positive examples from
 * its negatives, fitted on standardised features by FISTA (accelerated proximal gradient) with
 * backtracking. Objective, over the examples in either class:
 * <pre>
 *   z_ij = (x_ij - mu_j) / sd_j                    (sd_j = 0: the feature is left out, z = 0)
 *   F(beta, b) = sum_i w_i [log(1 + exp(m_i)) - y_i m_i] + lambda * ||beta||_1,   m_i = b + z_i . beta
 *   w_i = 1 / (2 nPos) for positives, 1 / (2 nNeg) for negatives    (each class weighs 1/2)
 *   lambda = lambdaRatio * lambdaMax,  lambdaMax = max_j |dF_smooth/dbeta_j at beta = 0, b = 0|
 * </pre>
 * The bias is not penalised. lambdaMax is the smallest lambda whose solution is all zero, so
 * lambdaRatio in (0, 1) is scale free. Iterations stop when the largest coefficient change is
 * below {@code tolerance * max(1, max|beta|)} or after {@code maxIterations}.
 *
 * <p>Deterministic: full-batch gradients summed in row order, no shuffling, no randomness (so no
 * seed is needed).
 */
public final class SparseLogisticProbe {

    /**
     * @param lambdaRatio   lambda as a fraction of lambdaMax, in (0, 1]
     * @param maxIterations FISTA iterations at most
     * @param tolerance     relative stopping threshold on the largest coefficient change
     */
    public record Config(@JsonProperty(required = true) double lambdaRatio,
                         @JsonProperty(required = true) int maxIterations,
                         @JsonProperty(required = true) double tolerance) {
        public Config {
            if (!(lambdaRatio > 0 && lambdaRatio <= 1)) {
                throw new IllegalArgumentException("probe lambdaRatio must be in (0, 1], got " + lambdaRatio);
            }
            if (maxIterations < 1) throw new IllegalArgumentException("probe maxIterations must be >= 1, got " + maxIterations);
            if (!(tolerance > 0)) throw new IllegalArgumentException("probe tolerance must be > 0, got " + tolerance);
        }

        public static Config defaults() {
            return new Config(0.1, 300, 1e-4);
        }
    }

    /**
     * @param weights    coefficients on standardised features, one per neuron (0 for constant ones)
     * @param bias       intercept
     * @param lambda     the L1 weight used
     * @param iterations FISTA iterations run
     * @param converged  whether the stopping rule was met before maxIterations
     */
    public record Fit(double[] weights, double bias, double lambda, int iterations, boolean converged) {}

    private final float[][] x;
    private final int[] rows;
    private final double[] y;
    private final double[] w;
    private final int width;
    private final double[] mu;
    private final double[] invSd;
    // scratch, allocated once per fit
    private final double[] margins;
    private final double[] gamma;

    private SparseLogisticProbe(float[][] x, boolean[] positive, boolean[] negative) {
        this.x = x;
        this.width = x.length == 0 ? 0 : x[0].length;
        int nPos = 0;
        int nNeg = 0;
        for (int e = 0; e < x.length; e++) {
            if (positive[e]) nPos++;
            else if (negative[e]) nNeg++;
        }
        if (nPos == 0 || nNeg == 0) {
            throw new ValueDataException("sparse probe needs examples in both classes, got " + nPos + " positive and "
                    + nNeg + " negative");
        }
        rows = new int[nPos + nNeg];
        y = new double[rows.length];
        w = new double[rows.length];
        int k = 0;
        for (int e = 0; e < x.length; e++) {
            if (positive[e] || negative[e]) {
                rows[k] = e;
                y[k] = positive[e] ? 1 : 0;
                w[k] = positive[e] ? 0.5 / nPos : 0.5 / nNeg;
                k++;
            }
        }
        mu = new double[width];
        invSd = new double[width];
        for (int r : rows) {
            float[] row = x[r];
            for (int j = 0; j < width; j++) mu[j] += row[j];
        }
        for (int j = 0; j < width; j++) mu[j] /= rows.length;
        for (int r : rows) {
            float[] row = x[r];
            for (int j = 0; j < width; j++) {
                double d = row[j] - mu[j];
                invSd[j] += d * d;
            }
        }
        for (int j = 0; j < width; j++) {
            double sd = Math.sqrt(invSd[j] / rows.length);
            invSd[j] = sd > 1e-12 * Math.max(1, Math.abs(mu[j])) ? 1 / sd : 0;
        }
        margins = new double[rows.length];
        gamma = new double[width];
    }

    /**
     * Fits the probe on the rows marked in {@code positive} (y = 1) or {@code negative} (y = 0);
     * rows in neither are ignored.
     */
    public static Fit fit(float[][] activations, boolean[] positive, boolean[] negative, Config config) {
        return new SparseLogisticProbe(activations, positive, negative).run(config);
    }

    private Fit run(Config config) {
        double[] grad = new double[width + 1];
        double[] beta = new double[width];
        double[] yBeta = new double[width];
        double[] zBeta = new double[width];
        double bias = 0;
        double yBias = 0;

        computeMargins(beta, 0);
        gradient(grad);
        double lambdaMax = 0;
        for (int j = 0; j < width; j++) lambdaMax = Math.max(lambdaMax, Math.abs(grad[j]));
        double lambda = config.lambdaRatio() * lambdaMax;
        if (lambdaMax == 0) return new Fit(beta, 0, 0, 0, true);

        double lipschitz = 0.25 * largestEigenvalue(zBeta);
        double t = 1;
        int iterations = 0;
        boolean converged = false;
        while (iterations < config.maxIterations()) {
            iterations++;
            double fy = smoothLoss(yBeta, yBias);
            gradient(grad);
            double zBias;
            while (true) {
                double step = 1 / lipschitz;
                for (int j = 0; j < width; j++) zBeta[j] = softThreshold(yBeta[j] - step * grad[j], step * lambda);
                zBias = yBias - step * grad[width];
                double fz = smoothLoss(zBeta, zBias);
                double lin = (zBias - yBias) * grad[width];
                double sq = (zBias - yBias) * (zBias - yBias);
                for (int j = 0; j < width; j++) {
                    double d = zBeta[j] - yBeta[j];
                    lin += d * grad[j];
                    sq += d * d;
                }
                if (fz <= fy + lin + 0.5 * lipschitz * sq + 1e-15 * Math.abs(fy)) break;
                lipschitz *= 2;
            }
            double tNext = (1 + Math.sqrt(1 + 4 * t * t)) / 2;
            double momentum = (t - 1) / tNext;
            double maxChange = Math.abs(zBias - bias);
            double maxBeta = 0;
            for (int j = 0; j < width; j++) {
                double change = zBeta[j] - beta[j];
                maxChange = Math.max(maxChange, Math.abs(change));
                maxBeta = Math.max(maxBeta, Math.abs(zBeta[j]));
                yBeta[j] = zBeta[j] + momentum * change;
                beta[j] = zBeta[j];
            }
            yBias = zBias + momentum * (zBias - bias);
            bias = zBias;
            t = tNext;
            if (maxChange <= config.tolerance() * Math.max(1, maxBeta)) {
                converged = true;
                break;
            }
        }
        return new Fit(beta, bias, lambda, iterations, converged);
    }

    /** m_i = b + sum_j z_ij beta_j, computed as c + sum_j x_ij gamma_j with gamma_j = beta_j / sd_j. */
    private void computeMargins(double[] beta, double bias) {
        double c = bias;
        for (int j = 0; j < width; j++) {
            gamma[j] = beta[j] * invSd[j];
            c -= mu[j] * gamma[j];
        }
        for (int i = 0; i < rows.length; i++) {
            float[] row = x[rows[i]];
            double m = c;
            for (int j = 0; j < width; j++) m += row[j] * gamma[j];
            margins[i] = m;
        }
    }

    /** Weighted logistic loss at (beta, bias); leaves the margins for {@link #gradient}. */
    private double smoothLoss(double[] beta, double bias) {
        computeMargins(beta, bias);
        double loss = 0;
        for (int i = 0; i < rows.length; i++) {
            double m = margins[i];
            double softplus = Math.max(m, 0) + Math.log1p(Math.exp(-Math.abs(m)));
            loss += w[i] * (softplus - y[i] * m);
        }
        return loss;
    }

    /** Gradient of the smooth loss at the current margins: grad[j] for beta_j, grad[width] for the bias. */
    private void gradient(double[] grad) {
        double gb = 0;
        java.util.Arrays.fill(grad, 0, width, 0);
        for (int i = 0; i < rows.length; i++) {
            double r = w[i] * (sigmoid(margins[i]) - y[i]);
            gb += r;
            float[] row = x[rows[i]];
            for (int j = 0; j < width; j++) grad[j] += r * row[j];
        }
        for (int j = 0; j < width; j++) grad[j] = invSd[j] * (grad[j] - mu[j] * gb);
        grad[width] = gb;
    }

    /**
     * Largest eigenvalue of the weighted Gram matrix [Z 1]^T W [Z 1] by 20 power iterations from
     * the all-ones vector; an underestimate is corrected by the backtracking.
     */
    private double largestEigenvalue(double[] scratch) {
        double[] v = new double[width + 1];
        java.util.Arrays.fill(v, 1 / Math.sqrt(width + 1));
        double[] hv = new double[width + 1];
        double eigen = 1;
        for (int it = 0; it < 20; it++) {
            System.arraycopy(v, 0, scratch, 0, width);
            computeMargins(scratch, v[width]);
            double gb = 0;
            java.util.Arrays.fill(hv, 0);
            for (int i = 0; i < rows.length; i++) {
                double r = w[i] * margins[i];
                gb += r;
                float[] row = x[rows[i]];
                for (int j = 0; j < width; j++) hv[j] += r * row[j];
            }
            for (int j = 0; j < width; j++) hv[j] = invSd[j] * (hv[j] - mu[j] * gb);
            hv[width] = gb;
            double norm = 0;
            for (double h : hv) norm += h * h;
            norm = Math.sqrt(norm);
            if (norm == 0) break;
            eigen = norm;
            for (int j = 0; j <= width; j++) v[j] = hv[j] / norm;
        }
        java.util.Arrays.fill(scratch, 0);
        return Math.max(eigen, 1e-12);
    }

    private static double softThreshold(double v, double t) {
        return v > t ? v - t : (v < -t ? v + t : 0);
    }

    private static double sigmoid(double m) {
        if (m >= 0) return 1 / (1 + Math.exp(-m));
        double e = Math.exp(m);
        return e / (1 + e);
    }
}
