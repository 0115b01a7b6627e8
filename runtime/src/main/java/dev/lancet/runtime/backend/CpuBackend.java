package dev.lancet.runtime.backend;

import dev.lancet.runtime.tensor.Matrix;

/**
 * Vector API backend: matrix rows and attention heads are split over a {@link WorkerPool}.
 * Task objects are created once and re-armed per call, so a decode step allocates nothing.
 */
public final class CpuBackend implements Backend {
    private final WorkerPool pool;
    private final MatvecTask matvec = new MatvecTask();
    private final Matvec2Task matvec2 = new Matvec2Task();
    private final AttentionTask attention;

    public CpuBackend(int threads, int heads, int maxPositions) {
        this.pool = new WorkerPool(threads);
        this.attention = new AttentionTask(heads, maxPositions);
    }

    @Override
    public String name() {
        return "cpu-vector";
    }

    @Override
    public int threads() {
        return pool.threads();
    }

    @Override
    public void matvec(Matrix w, float[] x, float[] out) {
        matvec.w = w;
        matvec.x = x;
        matvec.out = out;
        pool.run(w.rows(), matvec);
    }

    @Override
    public void matvec2(Matrix w1, float[] out1, Matrix w2, float[] out2, float[] x) {
        matvec2.w1 = w1;
        matvec2.w2 = w2;
        matvec2.out1 = out1;
        matvec2.out2 = out2;
        matvec2.x = x;
        int n1 = w1.rows();
        matvec2.split = n1;
        pool.run(n1 + w2.rows(), matvec2);
    }

    @Override
    public void attention(float[] q, float[] keys, float[] values, int pos, float[] out,
                          int heads, int kvHeads, int headDim) {
        AttentionTask a = attention;
        a.q = q;
        a.keys = keys;
        a.values = values;
        a.pos = pos;
        a.out = out;
        a.kvHeads = kvHeads;
        a.headDim = headDim;
        a.group = heads / kvHeads;
        pool.run(heads, a);
    }

    @Override
    public void close() {
        pool.close();
    }

    private static final class MatvecTask implements RangeTask {
        Matrix w;
        float[] x, out;

        @Override
        public void run(int from, int to) {
            w.matvec(x, 0, out, 0, from, to);
        }
    }

    /** Rows [0, split) belong to w1, the rest to w2: both matrices' rows share one split over threads. */
    private static final class Matvec2Task implements RangeTask {
        Matrix w1, w2;
        float[] x, out1, out2;
        int split;

        @Override
        public void run(int from, int to) {
            if (from < split) w1.matvec(x, 0, out1, 0, from, Math.min(to, split));
            if (to > split) {
                int f = Math.max(from, split) - split;
                w2.matvec(x, 0, out2, 0, f, to - split);
            }
        }
    }

    /**
     * One head per index. Scores use a per-head scratch row; softmax subtracts the max for range safety.
     * Sums run over t in increasing order, so the result is the same whichever thread owns the head.
     */
    private static final class AttentionTask implements RangeTask {
        final float[][] scores;
        float[] q, keys, values, out;
        int pos, kvHeads, headDim, group;

        AttentionTask(int heads, int maxPositions) {
            scores = new float[heads][maxPositions];
        }

        @Override
        public void run(int from, int to) {
            int kvDim = kvHeads * headDim;
            float scale = (float) (1.0 / Math.sqrt(headDim));
            for (int h = from; h < to; h++) {
                float[] s = scores[h];
                int qo = h * headDim;
                int ko = (h / group) * headDim;
                float max = Float.NEGATIVE_INFINITY;
                for (int t = 0; t <= pos; t++) {
                    int kt = t * kvDim + ko;
                    float dot = 0f;
                    for (int i = 0; i < headDim; i++) dot += q[qo + i] * keys[kt + i];
                    dot *= scale;
                    s[t] = dot;
                    if (dot > max) max = dot;
                }
                float sum = 0f;
                for (int t = 0; t <= pos; t++) {
                    float e = (float) Math.exp(s[t] - max);
                    s[t] = e;
                    sum += e;
                }
                float inv = 1f / sum;
                for (int i = 0; i < headDim; i++) out[qo + i] = 0f;
                for (int t = 0; t <= pos; t++) {
                    float p = s[t] * inv;
                    int vt = t * kvDim + ko;
                    for (int i = 0; i < headDim; i++) out[qo + i] += p * values[vt + i];
                }
            }
        }
    }
}
