package dev.lancet.runtime.backend;

import dev.lancet.runtime.tensor.VectorKernels;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Attention computed per query head (a decode step over a short context), per key/value group (a batch) and
 * per chunk of a long context (a decode step over it) gives the same bits for every head, and all are
 * attention: within 1e-5 of a float64 softmax.
 */
class AttentionGroupingTest {
    /**
     * threads, heads, kv heads, cached positions, first position, tokens. Short contexts (one chunk), long ones
     * (several chunks: one-by-one decode goes by chunk items, the batch by group or head items of query tiles), a
     * step whose tokens straddle a chunk boundary, and plain multi-head attention (groups of one).
     */
    @ParameterizedTest
    @CsvSource({
            "1, 6, 2, 112, 40, 5", "2, 6, 2, 112, 40, 5", "3, 6, 2, 112, 40, 5",
            "1, 6, 2, 208, 130, 5", "2, 6, 2, 208, 130, 5", "3, 6, 2, 208, 130, 5",
            "1, 6, 2, 1312, 1100, 5", "2, 6, 2, 1312, 1100, 5", "3, 6, 2, 1312, 1100, 5",
            "2, 6, 2, 528, 510, 4", "3, 6, 2, 144, 126, 4", "2, 4, 4, 1104, 1030, 6", "1, 4, 4, 1104, 1030, 2",
            // batches of several query tiles, whose tokens straddle a chunk boundary inside a tile
            "1, 6, 2, 400, 120, 13", "2, 6, 2, 400, 250, 11", "2, 4, 4, 304, 120, 9", "2, 6, 2, 80, 0, 17"})
    void everyWayOfSplittingTheWorkGivesTheSameBits(int threads, int heads, int kvHeads, int context, int pos0, int tokens) {
        // heads of two chunks and a tail; of a four-chunk group of the value accumulation, a chunk and a tail; of
        // an eight-chunk group (its widest step), a chunk and a tail
        for (int headDim : new int[] {2 * VectorKernels.LANES + 3, 5 * VectorKernels.LANES + 3, 9 * VectorKernels.LANES + 3}) {
            splitsAgree(threads, heads, kvHeads, context, pos0, tokens, headDim);
        }
    }

    private static void splitsAgree(int threads, int heads, int kvHeads, int context, int pos0, int tokens, int headDim) {
        int qDim = heads * headDim, group = heads / kvHeads;
        SplittableRandom r = new SplittableRandom(23);
        // logical keys k[kvHead][p][i], then in the cache's tiles (Backend.attention)
        float[] q = random(r, tokens * qDim), logicalKeys = random(r, kvHeads * context * headDim), values = random(r, kvHeads * context * headDim);
        KvCache cache = filled(KvPrecision.F32, kvHeads, headDim, context, logicalKeys, values);
        float[] batch = new float[tokens * qDim], oneByOne = new float[tokens * qDim];
        try (CpuBackend be = new CpuBackend(threads, 64)) {
            be.attention(q, cache, 0, pos0, tokens, batch, heads);
            for (int t = 0; t < tokens; t++) {
                float[] qt = new float[qDim], ot = new float[qDim];
                System.arraycopy(q, t * qDim, qt, 0, qDim);
                be.attention(qt, cache, 0, pos0 + t, 1, ot, heads);
                System.arraycopy(ot, 0, oneByOne, t * qDim, qDim);
            }
        }
        for (int t = 0; t < tokens; t++) {
            for (int h = 0; h < heads; h++) {
                double[] expected = reference(q, t * qDim + h * headDim, logicalKeys, values, (h / group) * context * headDim, headDim, pos0 + t);
                for (int i = 0; i < headDim; i++) {
                    int at = t * qDim + h * headDim + i;
                    assertEquals(Float.floatToRawIntBits(batch[at]), Float.floatToRawIntBits(oneByOne[at]),
                            "head size " + headDim + " token " + t + " head " + h + " element " + i);
                    assertTrue(Math.abs(batch[at] - expected[i]) < 1e-5, batch[at] + " vs " + expected[i]);
                }
            }
        }
    }

    /**
     * A decode step over one chunk: on one thread, and on two where the step is too small to hand off, its query
     * heads go by groups; handed to two or three threads, one item per query head. Every way gives the same bits.
     */
    @ParameterizedTest
    @CsvSource({"3, 112, 100", "9, 112, 100", "9, 60, 3"})
    void aShortDecodeStepGivesTheSameBitsGroupedOrPerHead(int chunksOfHead, int context, int pos) {
        int heads = 6, kvHeads = 2, headDim = chunksOfHead * VectorKernels.LANES + 3;
        SplittableRandom r = new SplittableRandom(41);
        float[] q = random(r, heads * headDim), keys = random(r, kvHeads * context * headDim), values = random(r, kvHeads * context * headDim);
        KvCache cache = filled(KvPrecision.F32, kvHeads, headDim, context, keys, values);
        float[][] out = new float[3][heads * headDim];
        for (int threads = 1; threads <= 3; threads++) {
            try (CpuBackend be = new CpuBackend(threads, 64)) {
                be.attention(q, cache, 0, pos, 1, out[threads - 1], heads);
            }
        }
        for (int t = 1; t < 3; t++) {
            for (int i = 0; i < out[0].length; i++) {
                assertEquals(Float.floatToRawIntBits(out[0][i]), Float.floatToRawIntBits(out[t][i]), (t + 1) + " threads, element " + i);
            }
        }
    }

    /** The hand-off rule attention shares with the pool: one thread or too little work runs on the caller. */
    @Test
    void aStepRunsAloneOnOneThreadOrBelowTheHandOffThreshold() {
        try (WorkerPool one = new WorkerPool(1); WorkerPool two = new WorkerPool(2)) {
            assertTrue(one.runsAlone(Long.MAX_VALUE));
            assertTrue(two.runsAlone(WorkerPool.MIN_PARALLEL_WORK - 1));
            assertTrue(!two.runsAlone(WorkerPool.MIN_PARALLEL_WORK));
        }
    }

    /** One chunk's partial result, combined alone, is the single-pass result bit for bit (e^0 = 1 exactly). */
    @Test
    void aSingleChunkCombinedIsTheSinglePass() {
        int headDim = VectorKernels.LANES + 5, pos = OnlineSoftmaxAttention.CHUNK - 7, pf = OnlineSoftmaxAttention.partialFloats(headDim);
        SplittableRandom r = new SplittableRandom(5);
        float[] q = random(r, headDim), keys = random(r, (pos + 16) * headDim), values = random(r, (pos + 16) * headDim);
        KvBlockReader kv = new KvBlockReader();
        kv.use(filled(KvPrecision.F32, 1, headDim, pos + 16, keys, values), 0);
        float[] scores = new float[OnlineSoftmaxAttention.BLOCK + 16], scores2 = new float[OnlineSoftmaxAttention.BLOCK + 16];
        float[] state = new float[OnlineSoftmaxAttention.tileStateFloats(1)];
        float[] direct = new float[headDim], combined = new float[headDim], partial = new float[pf];
        // a tile of one token and one head over one chunk: the single pass, normalised
        OnlineSoftmaxAttention.tile(q, 0, headDim, 1, 1, kv, 0, pos, direct, 0, headDim, headDim, 0.125f,
                scores, scores2, state, new float[0]);
        OnlineSoftmaxAttention.chunk(q, 0, 1, kv, 0, pos, 0, partial, 0, headDim, 0.125f, scores, scores2, state);
        OnlineSoftmaxAttention.combine(partial, 0, pf, 1, combined, 0, headDim);
        for (int i = 0; i < headDim; i++) assertEquals(Float.floatToRawIntBits(direct[i]), Float.floatToRawIntBits(combined[i]), "element " + i);
    }

    /**
     * A one-layer cache of {@code context} positions holding keys k[kvHead][p][i] and values v[kvHead][p][i] (flat,
     * {@code (kvHead*context + p)*headDim + i}), stored position by position as the forward pass stores them.
     */
    static KvCache filled(KvPrecision precision, int kvHeads, int headDim, int context, float[] keys, float[] values) {
        KvCache cache = new KvCache(precision, 1, kvHeads, headDim, context);
        float[] k = new float[kvHeads * headDim], v = new float[kvHeads * headDim];
        for (int p = 0; p < context; p++) {
            for (int h = 0; h < kvHeads; h++) {
                System.arraycopy(keys, (h * context + p) * headDim, k, h * headDim, headDim);
                System.arraycopy(values, (h * context + p) * headDim, v, h * headDim, headDim);
            }
            cache.store(0, p, k, 0, v, 0);
        }
        return cache;
    }

    static float[] random(SplittableRandom r, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) a[i] = (float) (r.nextDouble() * 2 - 1);
        return a;
    }

    /** softmax_p(q . k_p / sqrt(d)) v_p over p = 0..pos, in double. */
    private static double[] reference(float[] q, int qo, float[] keys, float[] values, int kvOff, int d, int pos) {
        double[] s = new double[pos + 1];
        double max = Double.NEGATIVE_INFINITY;
        for (int p = 0; p <= pos; p++) {
            double dot = 0;
            for (int i = 0; i < d; i++) dot += (double) q[qo + i] * keys[kvOff + p * d + i];
            s[p] = dot / Math.sqrt(d);
            max = Math.max(max, s[p]);
        }
        double sum = 0;
        for (int p = 0; p <= pos; p++) sum += s[p] = Math.exp(s[p] - max);
        double[] out = new double[d];
        for (int p = 0; p <= pos; p++) for (int i = 0; i < d; i++) out[i] += s[p] / sum * values[kvOff + p * d + i];
        return out;
    }
}
