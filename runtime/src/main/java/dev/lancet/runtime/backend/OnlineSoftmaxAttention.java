package dev.lancet.runtime.backend;

import dev.lancet.runtime.tensor.VectorKernels;
import jdk.incubator.vector.FloatVector;

import static dev.lancet.runtime.tensor.VectorKernels.F;
import static dev.lancet.runtime.tensor.VectorKernels.LANES;

/**
 * Attention of one query head over the cached positions 0..pos in a single pass (online softmax):
 * with running max m, running sum l and unnormalised output o, each position p with score
 * {@code s = q . k_p / sqrt(d)} does
 * <pre>
 *   s &gt; m:  c = e^(m - s); m = s; l = l*c + 1;        o = o*c + v_p
 *   else:   e = e^(s - m);        l = l + e;          o = o + e*v_p
 * </pre>
 * and the result is {@code o / l}. No score buffer, one read of each key and value. Every element's
 * arithmetic is fixed (fma, in increasing p), so the result does not depend on which thread runs it
 * or on whether the token came in a batch.
 */
final class OnlineSoftmaxAttention {
    private OnlineSoftmaxAttention() {
    }

    /** out[oo .. oo+d) = attention of q[qo .. qo+d) over keys/values at kvOff + p*kvDim, p = 0..pos. */
    static void head(float[] q, int qo, float[] keys, float[] values, int kvOff, int kvDim, int pos,
                     float[] out, int oo, int headDim, float scale) {
        float m = Float.NEGATIVE_INFINITY, l = 0f;
        for (int p = 0; p <= pos; p++) {
            int kv = p * kvDim + kvOff;
            float s = VectorKernels.dot(q, qo, keys, kv, headDim) * scale;
            if (s > m) {
                float c = (float) Math.exp(m - s);
                m = s;
                l = l * c + 1f;
                if (p == 0) System.arraycopy(values, kv, out, oo, headDim);
                else scaleAdd(out, oo, c, values, kv, headDim);
            } else {
                float e = (float) Math.exp(s - m);
                l += e;
                addScaled(out, oo, e, values, kv, headDim);
            }
        }
        float inv = 1f / l;
        int i = 0;
        for (; i <= headDim - LANES; i += LANES) FloatVector.fromArray(F, out, oo + i).mul(inv).intoArray(out, oo + i);
        for (; i < headDim; i++) out[oo + i] *= inv;
    }

    /** o = fma(o, c, v). */
    private static void scaleAdd(float[] o, int oo, float c, float[] v, int vo, int n) {
        int i = 0;
        for (; i <= n - LANES; i += LANES) {
            FloatVector.fromArray(F, o, oo + i).fma(FloatVector.broadcast(F, c), FloatVector.fromArray(F, v, vo + i)).intoArray(o, oo + i);
        }
        for (; i < n; i++) o[oo + i] = Math.fma(o[oo + i], c, v[vo + i]);
    }

    /** o = fma(e, v, o). */
    private static void addScaled(float[] o, int oo, float e, float[] v, int vo, int n) {
        int i = 0;
        for (; i <= n - LANES; i += LANES) {
            FloatVector.fromArray(F, v, vo + i).fma(FloatVector.broadcast(F, e), FloatVector.fromArray(F, o, oo + i)).intoArray(o, oo + i);
        }
        for (; i < n; i++) o[oo + i] = Math.fma(v[vo + i], e, o[oo + i]);
    }
}
