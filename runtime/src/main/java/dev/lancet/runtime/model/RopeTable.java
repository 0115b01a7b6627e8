package dev.lancet.runtime.model;

import dev.lancet.runtime.config.ModelConfig;
import jdk.incubator.vector.FloatVector;

import static dev.lancet.runtime.tensor.VectorKernels.F;
import static dev.lancet.runtime.tensor.VectorKernels.LANES;

/**
 * cos/sin of the rotary angles, {@code angle(pos, i) = pos * inv_freq[i]} with
 * {@code inv_freq[i] = theta^(-2i/head_dim)} (then rope scaling), for i < head_dim/2.
 * Computed in double and rounded once, as the reference implementations do in float32 at best.
 * A table covers the positions of one session's context, not the model's whole
 * {@code max_position_embeddings}: for Llama-3.2 (131072 positions) that would be 34 MB of heap.
 */
public final class RopeTable {
    private final int half;
    private final float[] cos;
    private final float[] sin;

    /** cos/sin for positions {@code 0 .. positions-1}. */
    public RopeTable(ModelConfig c, int positions) {
        this.half = c.headDim() / 2;
        double[] invFreq = new double[half];
        for (int i = 0; i < half; i++) invFreq[i] = 1.0 / Math.pow(c.ropeTheta(), (2.0 * i) / c.headDim());
        c.ropeScaling().apply(invFreq);
        cos = new float[positions * half];
        sin = new float[positions * half];
        for (int p = 0; p < positions; p++) {
            for (int i = 0; i < half; i++) {
                // float32 inv_freq as in HF's float32 forward, then the product in float32 too
                float angle = (float) p * (float) invFreq[i];
                cos[p * half + i] = (float) Math.cos(angle);
                sin[p * half + i] = (float) Math.sin(angle);
            }
        }
    }

    /**
     * Rotates each head of {@code v[off ..]} in place, rotate-half convention (HF):
     * for i < d/2: {@code (a, b) = (v[i], v[i+d/2]) -> (a cos - b sin, b cos + a sin)}.
     */
    public void rotate(float[] v, int off, int heads, int headDim, int pos) {
        int t = pos * half;
        for (int h = 0; h < heads; h++) {
            int base = off + h * headDim;
            int i = 0;
            // lanewise the same two products and one subtraction (addition) as the scalar loop
            for (; i <= half - LANES; i += LANES) {
                FloatVector a = FloatVector.fromArray(F, v, base + i), b = FloatVector.fromArray(F, v, base + i + half);
                FloatVector c = FloatVector.fromArray(F, cos, t + i), s = FloatVector.fromArray(F, sin, t + i);
                a.mul(c).sub(b.mul(s)).intoArray(v, base + i);
                b.mul(c).add(a.mul(s)).intoArray(v, base + i + half);
            }
            for (; i < half; i++) {
                float a = v[base + i], b = v[base + i + half];
                float c = cos[t + i], s = sin[t + i];
                v[base + i] = a * c - b * s;
                v[base + i + half] = b * c + a * s;
            }
        }
    }
}
