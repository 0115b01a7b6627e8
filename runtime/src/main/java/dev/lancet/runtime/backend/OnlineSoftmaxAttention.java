package dev.lancet.runtime.backend;

import dev.lancet.runtime.tensor.VectorExp;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;

import static dev.lancet.runtime.tensor.VectorKernels.F;
import static dev.lancet.runtime.tensor.VectorKernels.LANES;

/**
 * Attention of one query head over the cached positions 0..pos: one pass over each chunk of {@link #CHUNK}
 * positions (online softmax over blocks of {@link #BLOCK} positions, both fixed in absolute position), the
 * chunks combined in order ({@link #combine}). Within a chunk, with running max m, running sum l and
 * unnormalised output o, each block B does
 * <pre>
 *   s_p = q . k_p / sqrt(d)                 p in B, a key tile at a time (below)
 *   M = max(m, max_p s_p);  c = e^(m - M)   (c = 0 for the first block)
 *   e_p = e^(s_p - M)                       one vector exp over the block
 *   l = l*c + sum_p e_p                     the sum in increasing p
 *   o = o*c + sum_p e_p v_p                 for each element, fma in increasing p
 * </pre>
 * and a chunk's result is (m, l, o); a context of one chunk gives {@code o * (1/l)}. One read of each key and
 * value. Keys are cached in dimension-major tiles of {@link Backend#KEY_TILE} positions, so the scores of a tile are lanes of one vector: four partial sums
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
     * Positions per chunk, fixed in absolute position (a multiple of BLOCK): a context longer than one chunk
     * is attended chunk by chunk and the chunks' results combined, so a decode step can hand each thread
     * whole chunks of a GQA group, whose heads then share each block of keys and values from L1 instead of
     * each streaming it from L2 (attention is bound by that stream: ~4.7 ns a position for the scores and as
     * much again for the values, one head at a time). smollm2 bf16 at 288 positions: 1.6-1.8 ms a token with
     * one item per query head, 1.2-1.55 ms by chunks of 128 (512: no gain there; at 2048 positions both 8-8.7).
     */
    static final int CHUNK = 128;

    /** Floats of one head's partial result over a chunk: m, l, then the d unnormalised outputs. */
    static int partialFloats(int headDim) {
        return headDim + 2;
    }

    /** Chunks covering positions 0..pos. */
    static int chunks(int pos) {
        return pos / CHUNK + 1;
    }

    /**
     * Consecutive query tokens a batch item takes together ({@link #tile}): each block of keys and values is then
     * read once for the tile's tokens and the group's heads instead of once per token.
     */
    static final int QUERY_TILE = 4;

    /** State floats {@link #tile} needs: a running max and sum per (token, head). */
    static int tileStateFloats(int g) {
        return 2 * g * QUERY_TILE;
    }

    /** Partial floats {@link #tile} needs for a context ending at {@code lastPos}. */
    static int tilePartialFloats(int g, int headDim, int lastPos) {
        return QUERY_TILE * chunks(lastPos) * g * partialFloats(headDim);
    }

    /**
     * For nt &lt;= QUERY_TILE consecutive tokens at positions pos0 .. pos0+nt-1 and the {@code g} query heads h &lt; g
     * that share one key/value head (a GQA group; token t's heads at q[qo + t*qStride + h*d ..]):
     * out[oo + t*oStride + h*d ..] = attention of that query over the head's keys and values, which start at element
     * kvOff of the layer {@code kv} reads (layout of {@link KvCache}), positions 0..pos0+t. Within one chunk that is the online pass of the
     * class comment, normalised: {@code out = o * (1/l)}; over several chunks each chunk's (m, l, o) goes to
     * {@code partials} and {@link #combine} merges them. The loops go chunks, then blocks, then tokens, then heads,
     * so each block of keys and values comes from memory once for the whole tile and stays in L1/L2 while every
     * token and head passes over it; a group's heads take their scores in pairs ({@link #scoreBlock2}: one key
     * load for two heads, 1.09-1.12x attention's prefill rate at 288 positions, in AttentionKernelBench). Each
     * token's operations are those of a tile of one (the same blocks of its chunks, the same n in each, the same
     * combine) and those of {@link #chunk}, so neither tiling nor grouping changes a bit; a token whose context
     * ends before a block skips it. {@code scores} and {@code scores2} (at least BLOCK + LANES floats), {@code
     * state} (tileStateFloats(g)) and {@code partials} (tilePartialFloats(g, headDim, pos0 + nt - 1) where the
     * context spans several chunks) belong to the calling thread.
     */
    static void tile(float[] q, int qo, int qStride, int g, int nt, KvBlockReader kv, int kvOff, int pos0,
                     float[] out, int oo, int oStride, int headDim, float scale, float[] scores, float[] scores2,
                     float[] state, float[] partials) {
        int last = pos0 + nt - 1, maxChunks = chunks(last), pf = partialFloats(headDim);
        int chunkStride = g * pf, tokenStride = maxChunks * chunkStride;
        for (int c = 0; c < maxChunks; c++) {
            int from = c * CHUNK, end = Math.min(last, from + CHUNK - 1);
            for (int p0 = from; p0 <= end; p0 += BLOCK) {
                kv.block(kvOff, p0, Math.min(BLOCK, end + 1 - p0)); // the positions of the tile's last token
                float[] keys = kv.keys, values = kv.values;
                int kv0 = kv.offset; // the block's first key and first value: both layouts put it there
                for (int t = 0; t < nt; t++) {
                    int pos = pos0 + t;
                    if (pos < p0) continue; // this token's context ends before the block
                    int n = Math.min(BLOCK, Math.min(pos, from + CHUNK - 1) + 1 - p0);
                    boolean single = chunks(pos) == 1;
                    // where this token accumulates: out directly over one chunk, else chunk c's partial
                    int ob = single ? oo + t * oStride : t * tokenStride + c * chunkStride + 2, os = single ? headDim : pf;
                    float[] o = single ? out : partials;
                    for (int h = 0; h < g; h++) {
                        int qh = qo + t * qStride + h * headDim, si = 2 * (t * g + h);
                        if (h + 1 < g) { // heads h and h+1 together: one key and one value load for both
                            scoreBlock2(q, qh, qh + headDim, keys, kv0, n, headDim, scale, scores, scores2);
                            blockStep2(scores, scores2, n, p0 == from, state, si, si + 2, o, ob + h * os, ob + (h + 1) * os,
                                    values, kv0, headDim);
                            h++;
                        } else {
                            scoreBlock(q, qh, keys, kv0, n, headDim, scale, scores);
                            blockStep(scores, n, p0 == from, state, si, o, ob + h * os, values, kv0, headDim);
                        }
                    }
                }
            }
            for (int t = 0; t < nt; t++) { // chunk c's (m, l) beside its o, as chunk() leaves them
                int pos = pos0 + t;
                if (chunks(pos) == 1 || pos < from) continue;
                for (int h = 0; h < g; h++) {
                    int po = t * tokenStride + c * chunkStride + h * pf, si = 2 * (t * g + h);
                    partials[po] = state[si];
                    partials[po + 1] = state[si + 1];
                }
            }
        }
        for (int t = 0; t < nt; t++) {
            int pos = pos0 + t, nc = chunks(pos), ot = oo + t * oStride;
            for (int h = 0; h < g; h++) {
                if (nc == 1) divide(out, ot + h * headDim, headDim, state[2 * (t * g + h) + 1]);
                else combine(partials, t * tokenStride + h * pf, chunkStride, nc, out, ot + h * headDim, headDim);
            }
        }
    }

    /**
     * Chunk c (positions c*CHUNK .. min(pos, c*CHUNK + CHUNK - 1)) of the attention of one token at {@code pos}
     * for the g heads of a group, as {@link #tile} computes it: head h's (m, l, o) at partials[po + h *
     * partialFloats(d) ..]. The unit of work of a decode step over a long context.
     */
    static void chunk(float[] q, int qo, int g, KvBlockReader kv, int kvOff, int pos, int c,
                      float[] partials, int po, int headDim, float scale, float[] scores, float[] scores2, float[] state) {
        int pf = partialFloats(headDim);
        span(q, qo, g, kv, kvOff, c * CHUNK, Math.min(pos, c * CHUNK + CHUNK - 1), partials, po + 2, pf,
                headDim, scale, scores, scores2, state);
        for (int h = 0; h < g; h++) {
            partials[po + h * pf] = state[2 * h];
            partials[po + h * pf + 1] = state[2 * h + 1];
        }
    }

    /**
     * One head's output from its chunks' (m_c, l_c, o_c), c = 0..nc-1 at partials[p0 + c * stride ..]:
     * <pre>
     *   M = max_c m_c;  w_c = e^(m_c - M)
     *   l = sum_c l_c w_c,  o = sum_c o_c w_c   (in increasing c, starting from the c = 0 term)
     *   out = o * (1/l)
     * </pre>
     */
    static void combine(float[] partials, int p0, int stride, int nc, float[] out, int oo, int headDim) {
        float max = Float.NEGATIVE_INFINITY;
        for (int c = 0; c < nc; c++) max = Math.max(max, partials[p0 + c * stride]);
        float w0 = VectorExp.exp(partials[p0] - max), l = partials[p0 + 1] * w0;
        for (int i = 0; i < headDim; i++) out[oo + i] = partials[p0 + 2 + i] * w0;
        for (int c = 1; c < nc; c++) {
            int pc = p0 + c * stride;
            float w = VectorExp.exp(partials[pc] - max);
            l += partials[pc + 1] * w;
            for (int i = 0; i < headDim; i++) out[oo + i] += partials[pc + 2 + i] * w;
        }
        divide(out, oo, headDim, l);
    }

    /** out[oo .. oo+d) *= 1/l: the normalisation of the softmax, lanes and tail the same IEEE multiply. */
    private static void divide(float[] out, int oo, int headDim, float l) {
        float inv = 1f / l;
        int i = 0;
        for (; i <= headDim - LANES; i += LANES) FloatVector.fromArray(F, out, oo + i).mul(inv).intoArray(out, oo + i);
        for (; i < headDim; i++) out[oo + i] *= inv;
    }

    /**
     * The online pass over positions [from, to] for the g heads: unnormalised o of head h at
     * out[oo + h*ostride ..], its running max and sum left in state[2h], state[2h+1]. Blocks go outside,
     * heads inside: a block's keys and values (2 x 16 KB at d = 64) come from memory once and stay in L1
     * while every head of the group passes over them. Values go two heads at a time where the group has two
     * ({@link #blockStep2}); scores one head at a time, since scoreBlock reads two key tiles (two pages) at once
     * where scoreBlock2 reads one: with scoreBlock2 here a decode step at 2048 positions from memory ran 0.9x
     * (AttentionKernelBench.decode, alternated). Each head's arithmetic is exactly that of a group of one, so
     * grouping changes no bit.
     */
    private static void span(float[] q, int qo, int g, KvBlockReader kv, int kvOff, int from, int to,
                             float[] out, int oo, int ostride, int headDim, float scale, float[] scores, float[] scores2,
                             float[] state) {
        for (int p0 = from; p0 <= to; p0 += BLOCK) {
            int n = Math.min(BLOCK, to + 1 - p0);
            kv.block(kvOff, p0, n);
            float[] keys = kv.keys, values = kv.values;
            int kv0 = kv.offset; // the block's first key and value
            for (int h = 0; h < g; h++) {
                int qh = qo + h * headDim;
                if (h + 1 < g) {
                    scoreBlock(q, qh, keys, kv0, n, headDim, scale, scores);
                    scoreBlock(q, qh + headDim, keys, kv0, n, headDim, scale, scores2);
                    blockStep2(scores, scores2, n, p0 == from, state, 2 * h, 2 * h + 2, out, oo + h * ostride,
                            oo + (h + 1) * ostride, values, kv0, headDim);
                    h++;
                } else {
                    scoreBlock(q, qh, keys, kv0, n, headDim, scale, scores);
                    blockStep(scores, n, p0 == from, state, 2 * h, out, oo + h * ostride, values, kv0, headDim);
                }
            }
        }
    }

    /**
     * One block of the online pass for one head, from its n scores in {@code e[0..n)} (made e^(s - M) in place):
     * the running max and sum at state[si], state[si + 1] (m = -inf, l = 0 before a chunk's first block, which
     * also takes c = 0) and the unnormalised output at o[oo ..], as in the class comment. With {@link #blockStep2},
     * the one place span and tile do this arithmetic.
     */
    private static void blockStep(float[] e, int n, boolean first, float[] state, int si, float[] o, int oo,
                                  float[] values, int v0, int headDim) {
        float c = rescale(e, n, first, state, si);
        accumulate(o, oo, c, first, values, v0, e, n, headDim);
    }

    /**
     * {@link #blockStep} for two heads of a group over one block (scores e and e2, state at si and si2, outputs at
     * oo and oo2): each value vector is loaded once for both heads, whose eight fma chains (four per head at d = 64
     * with 16 lanes) cover the fma latency that held one head's four to one fma a cycle. Each head's operations
     * are blockStep's, so the same bits.
     */
    private static void blockStep2(float[] e, float[] e2, int n, boolean first, float[] state, int si, int si2,
                                   float[] o, int oo, int oo2, float[] values, int v0, int headDim) {
        float c = rescale(e, n, first, state, si), c2 = rescale(e2, n, first, state, si2);
        accumulate2(o, oo, c, oo2, c2, first, values, v0, e, e2, n, headDim);
    }

    /**
     * The softmax half of a block step: M, c = e^(m - M) (0 for a chunk's first block), e_p = e^(s_p - M) in place,
     * l = l*c + sum_p e_p; the new (m, l) at state[si], state[si + 1]. Returns c, by which the caller rescales o.
     */
    private static float rescale(float[] e, int n, boolean first, float[] state, int si) {
        float m = first ? Float.NEGATIVE_INFINITY : state[si], l = first ? 0f : state[si + 1];
        // the block max by lanes: max is exact and commutative (NaN wins, +0 over -0, whatever the order), so
        // lanes give the same value as a scan (a scan, one dependent compare per score, was a fifth of attention).
        // Written here, not as a helper: a helper's vector loop ran in its C1 form, boxing, in some runs (1 MB a
        // token of garbage, decode_allocated_bytes_per_token), when C2 did not inline it here
        float blockMax = Float.NEGATIVE_INFINITY;
        int j = 0;
        if (n >= LANES) {
            FloatVector v = FloatVector.fromArray(F, e, 0);
            for (j = LANES; j <= n - LANES; j += LANES) v = v.max(FloatVector.fromArray(F, e, j));
            blockMax = v.reduceLanes(VectorOperators.MAX);
        }
        for (; j < n; j++) blockMax = Math.max(blockMax, e[j]);
        float newMax = Math.max(m, blockMax);
        float c = first ? 0f : VectorExp.exp(m - newMax);
        m = newMax;
        // whole vectors: lanes past n hold stale scores, exponentiated and never used
        VectorExp.expShifted(e, 0, (n + LANES - 1) / LANES * LANES, m);
        l *= c;
        for (j = 0; j < n; j++) l += e[j];
        state[si] = m;
        state[si + 1] = l;
        return c;
    }

    /**
     * scores[j] for the block's positions j &lt; n (rounded up to whole tiles: lanes past n are computed from
     * whatever the cache holds there and never used), from the key tiles starting at {@code k0}. A vector of
     * scores is a unit: unit u holds positions u*LANES .. u*LANES + LANES-1, lanes (u % (T/LANES)) * LANES.. of
     * tile u / (T/LANES). Two units go together, each q broadcast serving both: eight fma chains instead of
     * four and 1.5 loads a fma instead of 2 (a decode chunk of 128 positions x 3 heads, AVX2: 1.2-1.35x); each
     * unit's four partial sums and their combination are unchanged, so the same bits.
     */
    private static void scoreBlock(float[] q, int qh, float[] keys, int k0, int n, int headDim, float scale, float[] scores) {
        int t = Backend.KEY_TILE, perTile = t / LANES, units = (n + t - 1) / t * perTile, u = 0;
        for (; u + 1 < units; u += 2) {
            int ka = unitKeys(k0, u, perTile, headDim), kb = unitKeys(k0, u + 1, perTile, headDim), i = 0;
            FloatVector a0 = FloatVector.zero(F), a1 = a0, a2 = a0, a3 = a0, b0 = a0, b1 = a0, b2 = a0, b3 = a0;
            for (; i <= headDim - 4; i += 4, ka += 4 * t, kb += 4 * t) {
                FloatVector q0 = FloatVector.broadcast(F, q[qh + i]);
                a0 = FloatVector.fromArray(F, keys, ka).fma(q0, a0);
                b0 = FloatVector.fromArray(F, keys, kb).fma(q0, b0);
                FloatVector q1 = FloatVector.broadcast(F, q[qh + i + 1]);
                a1 = FloatVector.fromArray(F, keys, ka + t).fma(q1, a1);
                b1 = FloatVector.fromArray(F, keys, kb + t).fma(q1, b1);
                FloatVector q2 = FloatVector.broadcast(F, q[qh + i + 2]);
                a2 = FloatVector.fromArray(F, keys, ka + 2 * t).fma(q2, a2);
                b2 = FloatVector.fromArray(F, keys, kb + 2 * t).fma(q2, b2);
                FloatVector q3 = FloatVector.broadcast(F, q[qh + i + 3]);
                a3 = FloatVector.fromArray(F, keys, ka + 3 * t).fma(q3, a3);
                b3 = FloatVector.fromArray(F, keys, kb + 3 * t).fma(q3, b3);
            }
            for (; i < headDim; i++, ka += t, kb += t) {
                FloatVector qi = FloatVector.broadcast(F, q[qh + i]);
                a0 = FloatVector.fromArray(F, keys, ka).fma(qi, a0);
                b0 = FloatVector.fromArray(F, keys, kb).fma(qi, b0);
            }
            a0.add(a1).add(a2.add(a3)).mul(scale).intoArray(scores, u * LANES);
            b0.add(b1).add(b2.add(b3)).mul(scale).intoArray(scores, (u + 1) * LANES);
        }
        if (u < units) { // an odd last unit (a block of one tile at 16 lanes)
            int k = unitKeys(k0, u, perTile, headDim), i = 0;
            FloatVector a0 = FloatVector.zero(F), a1 = a0, a2 = a0, a3 = a0;
            for (; i <= headDim - 4; i += 4, k += 4 * t) {
                a0 = FloatVector.fromArray(F, keys, k).fma(FloatVector.broadcast(F, q[qh + i]), a0);
                a1 = FloatVector.fromArray(F, keys, k + t).fma(FloatVector.broadcast(F, q[qh + i + 1]), a1);
                a2 = FloatVector.fromArray(F, keys, k + 2 * t).fma(FloatVector.broadcast(F, q[qh + i + 2]), a2);
                a3 = FloatVector.fromArray(F, keys, k + 3 * t).fma(FloatVector.broadcast(F, q[qh + i + 3]), a3);
            }
            for (; i < headDim; i++, k += t) a0 = FloatVector.fromArray(F, keys, k).fma(FloatVector.broadcast(F, q[qh + i]), a0);
            a0.add(a1).add(a2.add(a3)).mul(scale).intoArray(scores, u * LANES);
        }
    }

    /** Where unit u's keys of dimension 0 start: its tile's first key, plus its lanes' offset within the tile. */
    private static int unitKeys(int k0, int u, int perTile, int headDim) {
        return k0 + u / perTile * Backend.KEY_TILE * headDim + u % perTile * LANES;
    }

    /**
     * {@link #scoreBlock} for two heads over the same keys (a GQA group's heads h and h+1): each key vector is loaded
     * once for both, each head's four partial sums and their combination exactly as scoreBlock's.
     */
    private static void scoreBlock2(float[] q, int qh, int qh2, float[] keys, int k0, int n, int headDim, float scale,
                                    float[] scores, float[] scores2) {
        int t = Backend.KEY_TILE;
        for (int j0 = 0; j0 < n; j0 += t) {
            for (int c = 0; c < t; c += LANES) {
                FloatVector a0 = FloatVector.zero(F), a1 = a0, a2 = a0, a3 = a0, b0 = a0, b1 = a0, b2 = a0, b3 = a0;
                int i = 0, k = k0 + j0 * headDim + c;
                for (; i <= headDim - 4; i += 4, k += 4 * t) {
                    FloatVector k0v = FloatVector.fromArray(F, keys, k);
                    a0 = k0v.fma(FloatVector.broadcast(F, q[qh + i]), a0);
                    b0 = k0v.fma(FloatVector.broadcast(F, q[qh2 + i]), b0);
                    FloatVector k1v = FloatVector.fromArray(F, keys, k + t);
                    a1 = k1v.fma(FloatVector.broadcast(F, q[qh + i + 1]), a1);
                    b1 = k1v.fma(FloatVector.broadcast(F, q[qh2 + i + 1]), b1);
                    FloatVector k2v = FloatVector.fromArray(F, keys, k + 2 * t);
                    a2 = k2v.fma(FloatVector.broadcast(F, q[qh + i + 2]), a2);
                    b2 = k2v.fma(FloatVector.broadcast(F, q[qh2 + i + 2]), b2);
                    FloatVector k3v = FloatVector.fromArray(F, keys, k + 3 * t);
                    a3 = k3v.fma(FloatVector.broadcast(F, q[qh + i + 3]), a3);
                    b3 = k3v.fma(FloatVector.broadcast(F, q[qh2 + i + 3]), b3);
                }
                for (; i < headDim; i++, k += t) {
                    FloatVector kv = FloatVector.fromArray(F, keys, k);
                    a0 = kv.fma(FloatVector.broadcast(F, q[qh + i]), a0);
                    b0 = kv.fma(FloatVector.broadcast(F, q[qh2 + i]), b0);
                }
                a0.add(a1).add(a2.add(a3)).mul(scale).intoArray(scores, j0 + c);
                b0.add(b1).add(b2.add(b3)).mul(scale).intoArray(scores2, j0 + c);
            }
        }
    }

    /**
     * o = o*c + sum_j e_j v_j (o = sum_j e_j v_j when first; v_j at v0 + j*headDim), each element in
     * increasing j. Eight chunks of the head go together where it has them (8 lanes and d = 64: the whole
     * head), else four: independent fma chains per position, enough of them to cover the fma latency (four
     * chunks instead of one: a head over 288 cached positions 7.0 -> 5.3 us in L2; eight instead of four with
     * AVX2: a decode step's attention over 2048 positions on one thread from memory 1.1-1.2x). Each element's
     * sequence of operations is the same either way.
     */
    private static void accumulate(float[] o, int oo, float c, boolean first, float[] values, int v0,
                                   float[] e, int n, int headDim) {
        int i = 0;
        for (; i <= headDim - 8 * LANES; i += 8 * LANES) {
            int o1 = oo + i + LANES, o2 = o1 + LANES, o3 = o2 + LANES, o4 = o3 + LANES, o5 = o4 + LANES, o6 = o5 + LANES,
                    o7 = o6 + LANES;
            FloatVector a0 = FloatVector.zero(F), a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0, a6 = a0, a7 = a0;
            if (!first) {
                a0 = FloatVector.fromArray(F, o, oo + i).mul(c);
                a1 = FloatVector.fromArray(F, o, o1).mul(c);
                a2 = FloatVector.fromArray(F, o, o2).mul(c);
                a3 = FloatVector.fromArray(F, o, o3).mul(c);
                a4 = FloatVector.fromArray(F, o, o4).mul(c);
                a5 = FloatVector.fromArray(F, o, o5).mul(c);
                a6 = FloatVector.fromArray(F, o, o6).mul(c);
                a7 = FloatVector.fromArray(F, o, o7).mul(c);
            }
            for (int j = 0, v = v0 + i; j < n; j++, v += headDim) {
                FloatVector ej = FloatVector.broadcast(F, e[j]);
                a0 = FloatVector.fromArray(F, values, v).fma(ej, a0);
                a1 = FloatVector.fromArray(F, values, v + LANES).fma(ej, a1);
                a2 = FloatVector.fromArray(F, values, v + 2 * LANES).fma(ej, a2);
                a3 = FloatVector.fromArray(F, values, v + 3 * LANES).fma(ej, a3);
                a4 = FloatVector.fromArray(F, values, v + 4 * LANES).fma(ej, a4);
                a5 = FloatVector.fromArray(F, values, v + 5 * LANES).fma(ej, a5);
                a6 = FloatVector.fromArray(F, values, v + 6 * LANES).fma(ej, a6);
                a7 = FloatVector.fromArray(F, values, v + 7 * LANES).fma(ej, a7);
            }
            a0.intoArray(o, oo + i);
            a1.intoArray(o, o1);
            a2.intoArray(o, o2);
            a3.intoArray(o, o3);
            a4.intoArray(o, o4);
            a5.intoArray(o, o5);
            a6.intoArray(o, o6);
            a7.intoArray(o, o7);
        }
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

    /**
     * {@link #accumulate} for two heads over the same values: o = o*c + sum_j e_j v_j at oo and o2 = o2*c2 + sum_j
     * e2_j v_j at oo2, each element's operations and their order those of accumulate (start, then one fma per j in
     * increasing j), four chunks of each head at a time, so eight independent chains share each value load.
     */
    private static void accumulate2(float[] o, int oo, float c, int oo2, float c2, boolean first, float[] values, int v0,
                                    float[] e, float[] e2, int n, int headDim) {
        int i = 0;
        for (; i <= headDim - 4 * LANES; i += 4 * LANES) {
            int a = oo + i, b = oo2 + i;
            FloatVector a0 = FloatVector.zero(F), a1 = a0, a2 = a0, a3 = a0, b0 = a0, b1 = a0, b2 = a0, b3 = a0;
            if (!first) {
                a0 = FloatVector.fromArray(F, o, a).mul(c);
                a1 = FloatVector.fromArray(F, o, a + LANES).mul(c);
                a2 = FloatVector.fromArray(F, o, a + 2 * LANES).mul(c);
                a3 = FloatVector.fromArray(F, o, a + 3 * LANES).mul(c);
                b0 = FloatVector.fromArray(F, o, b).mul(c2);
                b1 = FloatVector.fromArray(F, o, b + LANES).mul(c2);
                b2 = FloatVector.fromArray(F, o, b + 2 * LANES).mul(c2);
                b3 = FloatVector.fromArray(F, o, b + 3 * LANES).mul(c2);
            }
            for (int j = 0, v = v0 + i; j < n; j++, v += headDim) {
                FloatVector ej = FloatVector.broadcast(F, e[j]), fj = FloatVector.broadcast(F, e2[j]);
                FloatVector w0 = FloatVector.fromArray(F, values, v), w1 = FloatVector.fromArray(F, values, v + LANES);
                FloatVector w2 = FloatVector.fromArray(F, values, v + 2 * LANES), w3 = FloatVector.fromArray(F, values, v + 3 * LANES);
                a0 = w0.fma(ej, a0);
                b0 = w0.fma(fj, b0);
                a1 = w1.fma(ej, a1);
                b1 = w1.fma(fj, b1);
                a2 = w2.fma(ej, a2);
                b2 = w2.fma(fj, b2);
                a3 = w3.fma(ej, a3);
                b3 = w3.fma(fj, b3);
            }
            a0.intoArray(o, a);
            a1.intoArray(o, a + LANES);
            a2.intoArray(o, a + 2 * LANES);
            a3.intoArray(o, a + 3 * LANES);
            b0.intoArray(o, b);
            b1.intoArray(o, b + LANES);
            b2.intoArray(o, b + 2 * LANES);
            b3.intoArray(o, b + 3 * LANES);
        }
        for (; i <= headDim - LANES; i += LANES) {
            FloatVector a0 = first ? FloatVector.zero(F) : FloatVector.fromArray(F, o, oo + i).mul(c);
            FloatVector b0 = first ? FloatVector.zero(F) : FloatVector.fromArray(F, o, oo2 + i).mul(c2);
            for (int j = 0, v = v0 + i; j < n; j++, v += headDim) {
                FloatVector w = FloatVector.fromArray(F, values, v);
                a0 = w.fma(FloatVector.broadcast(F, e[j]), a0);
                b0 = w.fma(FloatVector.broadcast(F, e2[j]), b0);
            }
            a0.intoArray(o, oo + i);
            b0.intoArray(o, oo2 + i);
        }
        for (; i < headDim; i++) {
            float a0 = first ? 0f : o[oo + i] * c, b0 = first ? 0f : o[oo2 + i] * c2;
            for (int j = 0, v = v0 + i; j < n; j++, v += headDim) {
                a0 = Math.fma(values[v], e[j], a0);
                b0 = Math.fma(values[v], e2[j], b0);
            }
            o[oo + i] = a0;
            o[oo2 + i] = b0;
        }
    }
}
