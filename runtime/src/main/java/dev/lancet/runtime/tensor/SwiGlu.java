package dev.lancet.runtime.tensor;

import jdk.incubator.vector.FloatVector;

import static dev.lancet.runtime.tensor.VectorKernels.F;
import static dev.lancet.runtime.tensor.VectorKernels.LANES;

/** The MLP's gated activation {@code h = silu(g) * u}, {@code silu(g) = g / (1 + e^-g)} ({@link VectorExp}). */
public final class SwiGlu {
    private SwiGlu() {
    }

    /**
     * {@code h[i] = g[i] / (e^(-g[i]) + 1) * u[i]} for i in [from, to). Lane by lane the same IEEE operations
     * as the scalar tail, so where a range split falls never changes a bit. {@code h} may be {@code gate}.
     */
    public static void apply(float[] gate, float[] up, float[] h, int from, int to) {
        int i = from;
        for (; i <= to - LANES; i += LANES) {
            FloatVector g = FloatVector.fromArray(F, gate, i);
            g.div(VectorExp.exp(g.neg()).add(1f)).mul(FloatVector.fromArray(F, up, i)).intoArray(h, i);
        }
        for (; i < to; i++) {
            float g = gate[i];
            h[i] = g / (VectorExp.exp(-g) + 1f) * up[i];
        }
    }
}
