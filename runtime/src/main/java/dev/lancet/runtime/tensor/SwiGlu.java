package dev.lancet.runtime.tensor;

import jdk.incubator.vector.FloatVector;

import static dev.lancet.runtime.tensor.VectorKernels.F;
import static dev.lancet.runtime.tensor.VectorKernels.LANES;

/** The MLP's gated activation {@code h = silu(g) * u}, {@code silu(g) = g / (1 + e^-g)} ({@link VectorExp}). */
public final class SwiGlu {
    private SwiGlu() {
    }

    /** Floats of the scratch {@link #apply} takes: a block of e^(-g), from L1. */
    public static final int SCRATCH = 256;

    /**
     * {@code h[i] = g[i] / (e^(-g[i]) + 1) * u[i]} for i in [from, to), {@code h} may be {@code gate}: by
     * blocks of {@link #SCRATCH}, e^(-g) into {@code scratch} first ({@link VectorExp}'s array form, so no
     * vector crosses a call), then the block's h. Lane by lane the same IEEE operations as the scalar tail, so
     * where a range split or a block falls never changes a bit.
     */
    public static void apply(float[] gate, float[] up, float[] h, int from, int to, float[] scratch) {
        for (int b = from; b < to; b += SCRATCH) {
            int n = Math.min(SCRATCH, to - b);
            VectorExp.exp(gate, b, scratch, 0, n, -1f, 0f);
            int i = 0;
            for (; i <= n - LANES; i += LANES) {
                FloatVector.fromArray(F, gate, b + i).div(FloatVector.fromArray(F, scratch, i).add(1f))
                        .mul(FloatVector.fromArray(F, up, b + i)).intoArray(h, b + i);
            }
            for (; i < n; i++) h[b + i] = gate[b + i] / (scratch[i] + 1f) * up[b + i];
        }
    }
}
