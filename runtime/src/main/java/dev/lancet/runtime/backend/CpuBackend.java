package dev.lancet.runtime.backend;

import dev.lancet.runtime.config.ModelConfig;
import dev.lancet.runtime.tensor.MatmulScratch;
import dev.lancet.runtime.tensor.Matrix;
import dev.lancet.runtime.tensor.SwiGlu;

import java.lang.foreign.Arena;


/**
 * Vector API backend: matrix rows, attention (token, head) pairs and elementwise ranges are split over
 * a {@link WorkerPool} in fixed contiguous ranges. Task objects are created once and re-armed per call,
 * and each worker has its own scratch for widened weight rows, so a decode step allocates nothing.
 */
public final class CpuBackend implements Backend {
    private final WorkerPool pool;
    private final Arena arena = Arena.ofShared();
    private final MatmulScratch[] scratch;
    private final MatmulTask matmul = new MatmulTask();
    private final AttentionTask attention;
    private final SwigluTask swiglu = new SwigluTask();
    /**
     * From this many cached positions on, attention goes by key/value head even when that leaves a thread
     * idle (smollm2 bf16, 2 threads: at 2048 positions attention 15.0 -> 12.5-13.0 ms a token grouped; at 256
     * positions grouping the 3 items of a decode step over 2 threads cost more than it saved).
     */
    static final int GROUPED_ATTENTION_POSITIONS = 1024;

    /** A backend for the matrices of a model with this config: scratch for its widest input. */
    public static CpuBackend forModel(ModelConfig c, int threads) {
        return new CpuBackend(threads, Math.max(c.hiddenSize(), Math.max(c.intermediateSize(), c.qDim())));
    }

    /** {@code maxCols}: the widest matrix input (hidden, intermediate or q size) the session multiplies. */
    public CpuBackend(int threads, int maxCols) {
        this.pool = new WorkerPool(threads);
        this.scratch = new MatmulScratch[threads];
        for (int i = 0; i < threads; i++) scratch[i] = new MatmulScratch(arena, maxCols);
        attention = new AttentionTask(threads);
        matmul.scratch = scratch;
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
    public void matmul(Matrix w, float[] x, int xOff, float[] out, int outOff, int tokens) {
        matmul.arm(1, x, xOff, tokens);
        matmul.set(0, w, out, outOff);
        matmul.pairInput();
        pool.run(matmul.totalRows(), matmul.work(), matmul);
    }

    @Override
    public void matmul2(Matrix w1, float[] out1, int off1, Matrix w2, float[] out2, int off2, float[] x, int tokens) {
        matmul.arm(2, x, 0, tokens);
        matmul.set(0, w1, out1, off1);
        matmul.set(1, w2, out2, off2);
        matmul.pairInput();
        pool.run(matmul.totalRows(), matmul.work(), matmul);
    }

    @Override
    public void matmul3(Matrix w1, float[] out1, int off1, Matrix w2, float[] out2, int off2,
                        Matrix w3, float[] out3, int off3, float[] x, int tokens) {
        matmul.arm(3, x, 0, tokens);
        matmul.set(0, w1, out1, off1);
        matmul.set(1, w2, out2, off2);
        matmul.set(2, w3, out3, off3);
        matmul.pairInput();
        pool.run(matmul.totalRows(), matmul.work(), matmul);
    }

    @Override
    public void attention(float[] q, float[] keys, float[] values, int positions, int pos0, int tokens, float[] out,
                          int heads, int kvHeads, int headDim) {
        AttentionTask a = attention;
        a.q = q;
        a.keys = keys;
        a.values = values;
        a.positions = positions;
        a.pos0 = pos0;
        a.out = out;
        a.heads = heads;
        a.kvHeads = kvHeads;
        a.headDim = headDim;
        a.group = heads / kvHeads;
        a.scale = (float) (1.0 / Math.sqrt(headDim));
        a.grouped = a.group > 1 && (tokens * kvHeads >= WorkerPool.RANGES_PER_THREAD * threads()
                || pos0 + tokens >= GROUPED_ATTENTION_POSITIONS);
        if (a.state[0].length < 2 * a.group) {
            for (int w = 0; w < a.state.length; w++) a.state[w] = new float[2 * a.group];
        }
        pool.run(tokens * (a.grouped ? kvHeads : heads), (long) tokens * heads * headDim * (pos0 + tokens), a);
    }

    @Override
    public void swiglu(float[] gate, float[] up, float[] h, int n) {
        swiglu.gate = gate;
        swiglu.up = up;
        swiglu.h = h;
        pool.run(n, n, swiglu);
    }

    @Override
    public void close() {
        pool.close();
        arena.close();
    }

    /**
     * Up to three matrices over one input, their rows concatenated into one index space that the pool
     * splits: rows [0, R1) belong to the first matrix, [R1, R1+R2) to the second, and so on.
     */
    private static final class MatmulTask implements RangeTask {
        final Matrix[] w = new Matrix[3];
        final float[][] out = new float[3][];
        final int[] off = new int[3];
        MatmulScratch[] scratch;
        int count, xOff, tokens;
        float[] x;
        /** The input in the kernel order of lane-pairing matrices, made once per call on the caller's thread. */
        float[] paired = new float[0];

        void arm(int count, float[] x, int xOff, int tokens) {
            this.count = count;
            this.x = x;
            this.xOff = xOff;
            this.tokens = tokens;
        }

        /** After set(): reorders the input once if a matrix of this call pairs lanes (all share one input). */
        void pairInput() {
            for (int i = 0; i < count; i++) {
                if (w[i].pairsLanes()) {
                    int n = tokens * w[i].cols();
                    if (paired.length < n) paired = new float[n];
                    w[i].toKernelOrder(x, xOff, tokens, paired, 0);
                    return;
                }
            }
        }

        void set(int i, Matrix m, float[] o, int offset) {
            w[i] = m;
            out[i] = o;
            off[i] = offset;
        }

        int totalRows() {
            int n = 0;
            for (int i = 0; i < count; i++) n += w[i].rows();
            return n;
        }

        /** Multiply-adds of this call: rows x cols x tokens. */
        long work() {
            long n = 0;
            for (int i = 0; i < count; i++) n += (long) w[i].rows() * w[i].cols();
            return n * tokens;
        }

        @Override
        public void run(int worker, int from, int to) {
            int start = 0;
            for (int i = 0; i < count; i++) {
                Matrix m = w[i];
                int end = start + m.rows();
                int f = Math.max(from, start), t = Math.min(to, end);
                if (f < t && m.pairsLanes()) {
                    m.multiplyInKernelOrder(paired, 0, tokens, out[i], off[i], f - start, t - start, scratch[worker]);
                } else if (f < t) {
                    m.multiply(x, xOff, tokens, out[i], off[i], f - start, t - start, scratch[worker]);
                }
                start = end;
            }
        }
    }

    /**
     * Work items of attention: (token, query head) pairs, or (token, key/value head) when {@code grouped}: a
     * group's query heads then share one pass over their keys and values, each block read once for the group
     * instead of once per head. Grouped items are fewer (3 per token for smollm2), so a decode over a short
     * context keeps one item per query head to give every thread work. Either way each head's arithmetic is
     * the same, so the choice changes no bit.
     */
    private static final class AttentionTask implements RangeTask {
        /** Each worker's block of scores and per-head running max and sum, padded so two workers never write one cache line. */
        final float[][] scores, state;
        float[] q, keys, values, out;
        int positions, pos0, heads, kvHeads, headDim, group;
        boolean grouped;
        float scale;

        AttentionTask(int threads) {
            scores = new float[threads][OnlineSoftmaxAttention.BLOCK + 16];
            state = new float[threads][16];
        }

        @Override
        public void run(int worker, int from, int to) {
            int qDim = heads * headDim, g = grouped ? group : 1, items = grouped ? kvHeads : heads;
            for (int i = from; i < to; i++) {
                int t = i / items, first = (i % items) * g; // the item's first query head
                int qo = t * qDim + first * headDim;
                OnlineSoftmaxAttention.heads(q, qo, g, keys, values, (first / group) * positions * headDim,
                        pos0 + t, out, qo, headDim, scale, scores[worker], state[worker]);
            }
        }
    }

    private static final class SwigluTask implements RangeTask {
        float[] gate, up, h;

        @Override
        public void run(int worker, int from, int to) {
            SwiGlu.apply(gate, up, h, from, to);
        }
    }
}
