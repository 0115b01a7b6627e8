package dev.lancet.steering.edit.trace;

import dev.lancet.runtime.edit.Site;

/**
 * One application of one edit at one layer and position: the entries it changed with their values before and after,
 * and the exact change it causes in the residual stream (null where that is not linear in the change, on mlp.gate
 * and mlp.up).
 *
 * @param edit           index of the edit in its plan
 * @param op             the op's JSON name
 * @param neurons        indices of the changed entries, ascending (unchanged entries are left out)
 * @param before         their values before the edit
 * @param after          their values after it
 * @param residualChange on mlp.neurons {@code W_down[:, S] . delta_h} over the changed set S, summed in double from
 *                       the sparse change; on attn.out, mlp.out and residual the change itself; length hidden_size
 */
public record TraceEntry(int edit, String op, Site site, int layer, int position, int[] neurons, float[] before,
                         float[] after, double[] residualChange) {

    /** {@code delta_h[i] = after[i] - before[i]}, exact in double. */
    public double[] deltaH() {
        double[] d = new double[neurons.length];
        for (int i = 0; i < d.length; i++) d[i] = (double) after[i] - before[i];
        return d;
    }

    /** Euclidean norm of the residual change, or NaN when there is none. */
    public double residualChangeNorm() {
        if (residualChange == null) return Double.NaN;
        double ss = 0;
        for (double v : residualChange) ss += v * v;
        return Math.sqrt(ss);
    }
}
