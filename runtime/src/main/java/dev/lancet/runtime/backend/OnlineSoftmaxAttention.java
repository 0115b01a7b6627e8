package dev.lancet.runtime.backend;

import dev.lancet.runtime.tensor.VectorExp;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;

import static dev.lancet.runtime.tensor.VectorKernels.F;
import static dev.lancet.runtime.tensor.VectorKernels.LANES;

/**
 * Attention of one query head over the cached positions 0..pos in a single pass (online softmax over
 * blocks of {@link #BLOCK} positions, the blocks fixed in absolute position). With running max m,
 * running sum l and unnormalised output o, each block B does
 * <pre>
 *   s_p = q . k_p / sqrt(d)                 p in B, a key tile at a time (below)
 *   M = max(m, max_p s_p);  c = e^(m - M)   (c = 0 for the first block)
 *   e_p = e^(s_p - M)                       one vector exp over the block
 *   l = l*c + sum_p e_p                     the sum in increasing p
 *   o = o*c + sum_p e_p v_p                 for each element, fma in increasing p
 * </pre>
 * and the result is {@code o / l}. One read of each key and value. Keys are cached in dimension-major tiles
 * of {@link Backend#KEY_TILE} positions, so the scores of a tile are lanes of one vector: four partial sums
 * {@code a_r = sum_{i = r mod 4} q_i k_p,i} (fma in increasing i), then {@code ((a_0 + a_1) + (a_2 + a_3)) / sqrt(d)};
 * no sum across lanes (a dot product per position with its lane tree was 3/4 of attention's time). Every
 * element's arithmetic is fixed, so the result does not depend on the thread that runs it, on how heads are
 * grouped, or on whether the token came in a batch.
 */
final class OnlineSoftmaxAttention {
    /** Positions per block: the scores buffer each thread needs (a multiple of KEY_TILE). */
    static final int BLOCK = 64;

    static {
        if (Backend.KEY_TILE % LANES != 0 || BLOCK % Backend.KEY_TILE != 0) {
            throw new IllegalStateException(LANES + " float lanes do not divide a key tile of " + Backend.KEY_TILE);
        }
    }

    private OnlineSoftmaxAttention() {
    }

    /**
     * For the {@code g} query heads h &lt; g that share one key/value head (a GQA group):
     * out[oo + h*d ..] = attention of q[qo + h*d ..] over the head's keys and values, which start at kvOff
     * (layout of {@link Backend#attention}), positions p = 0..pos. Blocks go outside, heads inside: a block's keys
     * and values (2 x 16 KB at d = 64) come from memory once and stay in L1 while every head of the group
     * passes over them. Each head's arithmetic is exactly that of a group of one, so grouping changes no bit.
     * {@code scores} (at least BLOCK + LANES floats) and {@code state} (at least 2g) belong to the calling thread.
     */
    static void heads(float[] q, int qo, int g, float[] keys, float[] values, int kvOff, int pos,
                      float[] out, int oo, int headDim, float scale, float[] scores, float[] state) {
        for (int h = 0; h < g; h++) {
            state[2 * h] = Float.NEGATIVE_INFINITY; // running max m
            state[2 * h + 1] = 0f;                  // running sum l
        }
        for (int p0 = 0; p0 <= pos; p0 += BLOCK) {
            int n = Math.min(BLOCK, pos + 1 - p0);
            for (int h = 0; h < g; h++) {
                int qh = qo + h * headDim;
                float m = state[2 * h], l = state[2 * h + 1];
                scoreBlock(q, qh, keys, kvOff + p0 * headDim, n, headDim, scale, scores);
                float newMax = Math.max(m, max(scores, n));
                float c = p0 == 0 ? 0f : VectorExp.exp(m - newMax);
                m = newMax;
                // whole vectors: lanes past n hold stale scores, exponentiated and never used
                VectorExp.expShifted(scores, 0, (n + LANES - 1) / LANES * LANES, m);
                l *= c;
                for (int j = 0; j < n; j++) l += scores[j];
                accumulate(out, oo + h * headDim, c, p0 == 0, values, p0 * headDim + kvOff, scores, n, headDim);
                state[2 * h] = m;
                state[2 * h + 1] = l;
            }
        }
        for (int h = 0; h < g; h++) {
            int oh = oo + h * headDim;
            float inv = 1f / state[2 * h + 1];
            int i = 0;
            for (; i <= headDim - LANES; i += LANES) FloatVector.fromArray(F, out, oh + i).mul(inv).intoArray(out, oh + i);
            for (; i < headDim; i++) out[oh + i] *= inv;
        }
    }

    /**
     * The largest of a[0..n). Max is exact and commutative (NaN wins, +0 over -0, whatever the order), so
     * lanes give the same value as a scan; a scan, one dependent compare per score, was a fifth of attention.
     */
    private static float max(float[] a, int n) {
        float m = Float.NEGATIVE_INFINITY;
        int j = 0;
        if (n >= LANES) {
            FloatVector v = FloatVector.fromArray(F, a, 0);
            for (j = LANES; j <= n - LANES; j += LANES) v = v.max(FloatVector.fromArray(F, a, j));
            m = v.reduceLanes(VectorOperators.MAX);
        }
        for (; j < n; j++) m = Math.max(m, a[j]);
        return m;
    }

    /**
     * scores[j] for the block's positions j &lt; n (rounded up to whole tiles: lanes past n are computed from
     * whatever the cache holds there and never used), from the key tiles starting at {@code k0}.
     */
    private static void scoreBlock(float[] q, int qh, float[] keys, int k0, int n, int headDim, float scale, float[] scores) {
        int t = Backend.KEY_TILE;
        for (int j0 = 0; j0 < n; j0 += t) {
            for (int c = 0; c < t; c += LANES) {
                FloatVector a0 = FloatVector.zero(F), a1 = a0, a2 = a0, a3 = a0;
                int i = 0, k = k0 + j0 * headDim + c;
                for (; i <= headDim - 4; i += 4, k += 4 * t) {
                    a0 = FloatVector.fromArray(F, keys, k).fma(FloatVector.broadcast(F, q[qh + i]), a0);
                    a1 = FloatVector.fromArray(F, keys, k + t).fma(FloatVector.broadcast(F, q[qh + i + 1]), a1);
                    a2 = FloatVector.fromArray(F, keys, k + 2 * t).fma(FloatVector.broadcast(F, q[qh + i + 2]), a2);
                    a3 = FloatVector.fromArray(F, keys, k + 3 * t).fma(FloatVector.broadcast(F, q[qh + i + 3]), a3);
                }
                for (; i < headDim; i++, k += t) a0 = FloatVector.fromArray(F, keys, k).fma(FloatVector.broadcast(F, q[qh + i]), a0);
                a0.add(a1).add(a2.add(a3)).mul(scale).intoArray(scores, j0 + c);
            }
        }
    }

    /**
     * o = o*c + sum_j e_j v_j (o = sum_j e_j v_j when first; v_j at v0 + j*headDim), each element in
     * increasing j. Four chunks of the head go together: four independent fma chains per position instead
     * of one chain per chunk (a head over 288 cached positions: 7.0 -> 5.3 us in L2). Each element's
     * sequence of operations is the same either way.
     */
    private static void accumulate(float[] o, int oo, float c, boolean first, float[] values, int v0,
                                   float[] e, int n, int headDim) {
        int i = 0;
        for (; i <= headDim - 4 * LANES; i += 4 * LANES) {
            int o1 = oo + i + LANES, o2 = o1 + LANES, o3 = o2 + LANES;
            FloatVector a0 = FloatVector.zero(F), a1 = a0, a2 = a0, a3 = a0;
            if (!first) {
                a0 = FloatVector.fromArray(F, o, oo + i).mul(c);
                a1 = FloatVector.fromArray(F, o, o1).mul(c);
                a2 = FloatVector.fromArray(F, o, o2).mul(c);
                a3 = FloatVector.fromArray(F, o, o3).mul(c);
            }
            for (int j = 0, v = v0 + i; j < n; j++, v += headDim) {
                FloatVector ej = FloatVector.broadcast(F, e[j]);
                a0 = FloatVector.fromArray(F, values, v).fma(ej, a0);
                a1 = FloatVector.fromArray(F, values, v + LANES).fma(ej, a1);
                a2 = FloatVector.fromArray(F, values, v + 2 * LANES).fma(ej, a2);
                a3 = FloatVector.fromArray(F, values, v + 3 * LANES).fma(ej, a3);
            }
            a0.intoArray(o, oo + i);
            a1.intoArray(o, o1);
            a2.intoArray(o, o2);
            a3.intoArray(o, o3);
        }
        for (; i <= headDim - LANES; i += LANES) {
            FloatVector acc = first ? FloatVector.zero(F) : FloatVector.fromArray(F, o, oo + i).mul(c);
            for (int j = 0, v = v0 + i; j < n; j++, v += headDim) {
                acc = FloatVector.fromArray(F, values, v).fma(FloatVector.broadcast(F, e[j]), acc);
            }
            acc.intoArray(o, oo + i);
        }
        for (; i < headDim; i++) {
            float acc = first ? 0f : o[oo + i] * c;
            for (int j = 0, v = v0 + i; j < n; j++, v += headDim) acc = Math.fma(values[v], e[j], acc);
            o[oo + i] = acc;
        }
    }
}
