package dev.lancet.steering.values;

import java.util.ArrayList;
import java.util.List;

/**
 * Value leakage when steering toward a target value i, from dS_j, the change of value j's score
 * (steered minus unsteered; use raw, uncentred PVQ scores, because centring moves every value
 * down when the target goes up and so hides leakage):
 * <pre>
 *   NLR_i  = sum_{j != i} max(0, dS_j) / (9 dS_i)
 *   NGLR_i = sum_{j != i} w_ij max(0, dS_j) / (dS_i sum_{j != i} w_ij)      (weights: {@link LeakageWeights})
 *   M[i][j] = dS_j / dS_i                                                    (M[i][i] = 1)
 * </pre>
 * All three are undefined when dS_i <= 0: the target did not rise. Both ratios are 0 when nothing
 * else rose and 1 when every other value rose (weighted) as much as the target. NGLR with uniform
 * weights equals NLR. Averages skip undefined targets and say how many were defined.
 */
public final class Leakage {
    private Leakage() {}

    /** NLR_i for one steering run; {@code delta} holds dS per value in circumplex order. */
    public static LeakageRatio nlr(double[] delta, SchwartzValue target) {
        return nglr(delta, target, LeakageWeights.uniform());
    }

    /** NGLR_i for one steering run. */
    public static LeakageRatio nglr(double[] delta, SchwartzValue target, LeakageWeights weights) {
        check(delta, "delta for target " + target);
        double gain = delta[target.ordinal()];
        if (!(gain > 0)) return LeakageRatio.undefined();
        double leak = 0;
        double wSum = 0;
        for (SchwartzValue j : SchwartzValue.values()) {
            if (j == target) continue;
            double w = weights.weight(target, j);
            leak += w * Math.max(0, delta[j.ordinal()]);
            wSum += w;
        }
        if (wSum == 0) return LeakageRatio.of(0);
        return LeakageRatio.of(leak / (gain * wSum));
    }

    /**
     * The 10 x 10 matrix. {@code deltaByTarget[i]} is dS when steering toward value i, or null when
     * that target was not run; its row of M is NaN then, as it is when dS_i <= 0.
     */
    public static LeakageMatrix matrix(double[][] deltaByTarget) {
        checkRows(deltaByTarget);
        double[][] m = new double[SchwartzValue.COUNT][SchwartzValue.COUNT];
        for (int i = 0; i < SchwartzValue.COUNT; i++) {
            double[] d = deltaByTarget[i];
            boolean defined = d != null && d[i] > 0;
            for (int j = 0; j < SchwartzValue.COUNT; j++) {
                m[i][j] = !defined ? Double.NaN : (i == j ? 1 : d[j] / d[i]);
            }
        }
        return new LeakageMatrix(m);
    }

    /** Mean NLR and NGLR over the targets that were run, skipping undefined ones. */
    public static LeakageSummary summarize(double[][] deltaByTarget, LeakageWeights weights) {
        checkRows(deltaByTarget);
        double nlrSum = 0;
        double nglrSum = 0;
        int defined = 0;
        int run = 0;
        List<SchwartzValue> undefined = new ArrayList<>();
        for (SchwartzValue t : SchwartzValue.values()) {
            double[] d = deltaByTarget[t.ordinal()];
            if (d == null) continue;
            run++;
            LeakageRatio nlr = nlr(d, t);
            LeakageRatio nglr = nglr(d, t, weights);
            if (!nlr.defined()) {
                undefined.add(t);
                continue;
            }
            defined++;
            nlrSum += nlr.value();
            nglrSum += nglr.value();
        }
        LeakageMatrix m = matrix(deltaByTarget);
        return new LeakageSummary(run, defined, undefined,
                defined == 0 ? Double.NaN : nlrSum / defined,
                defined == 0 ? Double.NaN : nglrSum / defined,
                m.meanByDistance());
    }

    private static void checkRows(double[][] deltaByTarget) {
        if (deltaByTarget.length != SchwartzValue.COUNT) {
            throw new ValueDataException("delta matrix must have 10 rows (one per target, circumplex order), got "
                    + deltaByTarget.length);
        }
        for (int i = 0; i < SchwartzValue.COUNT; i++) {
            if (deltaByTarget[i] != null) check(deltaByTarget[i], "delta for target " + SchwartzValue.atPosition(i));
        }
    }

    private static void check(double[] delta, String what) {
        if (delta.length != SchwartzValue.COUNT) {
            throw new ValueDataException(what + " must have 10 entries (circumplex order), got " + delta.length);
        }
        for (int j = 0; j < delta.length; j++) {
            if (!Double.isFinite(delta[j])) {
                throw new ValueDataException(what + ": dS of " + SchwartzValue.atPosition(j) + " is " + delta[j]);
            }
        }
    }
}
