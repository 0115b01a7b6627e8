package dev.lancet.runtime.backend;

import dev.lancet.runtime.config.ModelConfig;
import dev.lancet.runtime.tensor.MatmulScratch;
import dev.lancet.runtime.tensor.Matrix;
import dev.lancet.runtime.tensor.StagedInput;
import dev.lancet.runtime.tensor.SwiGlu;

import java.lang.foreign.Arena;

/**
 * Vector API backend: matrix rows, attention work items (see AttentionTask) and elementwise ranges are split over
 * a {@link WorkerPool} in fixed contiguous ranges. Task objects are created once and re-armed per call,
 * and each worker has its own scratch for widened weight rows, so a decode step allocates nothing.
 */
public final class CpuBackend implements Backend {
    private final WorkerPool pool;
    private final Arena arena = Arena.ofShared();
    private final MatmulScratch[] scratch;
    private final MatmulTask matmul = new MatmulTask();
    private final AttentionTask attention;
    private final SwigluTask swiglu;
    /** One layer of an F32 cache, made the first time a batch attends a 16-bit cache: that layer widened. */
    private KvCache staging;

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
        swiglu = new SwigluTask(threads);
        matmul.scratch = scratch;
        matmul.staged = new StagedInput(arena, maxCols);
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
    public void attention(float[] q, KvCache cache, int layer, int pos0, int tokens, float[] out, int heads) {
        AttentionTask a = attention;
        int kvHeads = cache.kvHeads(), headDim = cache.headDim();
        if (tokens > 1 && cache.precision() != KvPrecision.F32) {
            // a batch's query tiles each pass over every block: widen the layer once for all of them
            if (staging == null || !staging.sameShape(cache)) {
                staging = new KvCache(KvPrecision.F32, 1, kvHeads, headDim, cache.positions());
            }
            cache.widenLayer(layer, pos0 + tokens, staging);
            cache = staging;
            layer = 0;
        }
        a.q = q;
        a.use(cache, layer);
        a.positions = cache.positions();
        a.pos0 = pos0;
        a.out = out;
        a.heads = heads;
        a.kvHeads = kvHeads;
        a.headDim = headDim;
        a.group = heads / kvHeads;
        a.scale = (float) (1.0 / Math.sqrt(headDim));
        int last = pos0 + tokens - 1, chunks = OnlineSoftmaxAttention.chunks(last);
        long work = (long) tokens * heads * headDim * (pos0 + tokens);
        boolean few = tokens * kvHeads < WorkerPool.RANGES_PER_THREAD * threads();
        a.chunked = few && chunks > 1;
        // items per query head only give idle threads work: a step the caller runs alone keeps its groups, each key
        // read once for the group's heads (stories260K's decode on two threads, every step below the hand-off
        // threshold: attention 0.030 -> 0.023 ms a token). Chunks stay wherever the pairs are few: the chunk kernel
        // is the faster decode path even on one thread (AttentionKernelBench decode, smollm2, 1 thread, 288 and 2048
        // positions: 717-738 and 105 ops/s chunked against 657-683 and 95-96 by groups)
        a.grouped = !a.chunked && a.group > 1 && (!few || pool.runsAlone(work));
        a.chunks = chunks;
        a.tokens = tokens;
        a.ensureScratch(threads());
        int tiles = (tokens + OnlineSoftmaxAttention.QUERY_TILE - 1) / OnlineSoftmaxAttention.QUERY_TILE;
        int items = a.chunked ? tokens * kvHeads * chunks : tiles * (a.grouped ? kvHeads : heads);
        pool.run(items, work, a);
        if (a.chunked) a.combine(tokens);
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
        /** The input staged for the batch tile once per call on the caller's thread, when all matrices read it. */
        StagedInput staged;
        StagedInput use;

        void arm(int count, float[] x, int xOff, int tokens) {
            this.count = count;
            this.x = x;
            this.xOff = xOff;
            this.tokens = tokens;
        }

        /**
         * After set(): reorders the input once if a matrix of this call pairs lanes (all share one input), and
         * stages it once for the batch tile if every matrix reads it in the same order (else each thread stages its own).
         */
        void pairInput() {
            boolean pairs = false, same = true;
            for (int i = 0; i < count; i++) {
                if (w[i].pairsLanes() && !pairs) {
                    int n = tokens * w[i].cols();
                    if (paired.length < n) paired = new float[n];
                    w[i].toKernelOrder(x, xOff, tokens, paired, 0);
                    pairs = true;
                }
                same &= w[i].pairsLanes() == w[0].pairsLanes();
            }
            use = null;
            if (same && StagedInput.usedFor(tokens)) {
                if (pairs) staged.stage(paired, 0, tokens, w[0].cols());
                else staged.stage(x, xOff, tokens, w[0].cols());
                use = staged;
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
                    m.multiplyInKernelOrder(paired, 0, tokens, use, out[i], off[i], f - start, t - start, scratch[worker]);
                } else if (f < t) { // the identity is the kernel order of a matrix that does not pair lanes
                    m.multiplyInKernelOrder(x, xOff, tokens, use, out[i], off[i], f - start, t - start, scratch[worker]);
                }
                start = end;
            }
        }
    }

    /**
     * Work items of attention: (query tile, query head) pairs, a tile being up to
     * {@link OnlineSoftmaxAttention#QUERY_TILE} consecutive tokens of the step that share one pass over their keys
     * and values; (query tile, key/value head) when {@code grouped}: a group's query heads then share that pass
     * too, each block read once for the tile's tokens and the group instead of once per token and head (smollm2,
     * 64 tokens at 2048 positions: 10.0 -> 7.3 ms a layer, AttentionKernelBench prefill 3.3 -> 4.6 ops/s); or (token,
     * key/value head, chunk) when {@code chunked}: a decode step over a
     * context of several {@link OnlineSoftmaxAttention#CHUNK}s, each item a chunk's partial result for its
     * group, which the caller then combines. Grouped items are fewer (3 per token for smollm2), so a decode
     * over a short context handed to several threads keeps one item per query head to give every thread work
     * (run on the caller alone, it stays grouped). Every head's arithmetic
     * is the same whichever items it was computed in (chunks are fixed in absolute position and combined in
     * order), so the choice changes no bit.
     */
    private static final class AttentionTask implements RangeTask {
        /** Each worker's block of scores and per-head running max and sum, padded so two workers never write one cache line. */
        final float[][] scores, scores2, state;
        /** Each worker's chunk partials for one item (several chunks in sequence), and the shared ones of a chunked step. */
        final float[][] partials;
        /** Each worker's reader of the cache's blocks (widening a 16-bit cache into its own scratch). */
        final KvBlockReader[] readers;
        float[] shared = new float[0];
        float[] q, out;
        int positions, pos0, heads, kvHeads, headDim, group, chunks, tokens;
        boolean grouped, chunked;
        float scale;

        AttentionTask(int threads) {
            scores = new float[threads][OnlineSoftmaxAttention.BLOCK + 16];
            scores2 = new float[threads][OnlineSoftmaxAttention.BLOCK + 16];
            state = new float[threads][16];
            partials = new float[threads][0];
            readers = new KvBlockReader[threads];
            for (int w = 0; w < threads; w++) readers[w] = new KvBlockReader();
        }

        void use(KvCache cache, int layer) {
            for (KvBlockReader r : readers) r.use(cache, layer);
        }

        /**
         * Sizes the partial buffers for the cache's whole length ({@code positions}), so they are allocated once
         * per session, not each time the context passes a chunk boundary.
         */
        void ensureScratch(int threads) {
            if (state[0].length < OnlineSoftmaxAttention.tileStateFloats(group)) {
                for (int w = 0; w < threads; w++) state[w] = new float[OnlineSoftmaxAttention.tileStateFloats(group)];
            }
            int maxChunks = OnlineSoftmaxAttention.chunks(positions - 1);
            if (maxChunks < 2) return;
            int perItem = maxChunks * group * OnlineSoftmaxAttention.partialFloats(headDim);
            int perTile = OnlineSoftmaxAttention.tilePartialFloats(group, headDim, positions - 1);
            if (partials[0].length < perTile) {
                for (int w = 0; w < threads; w++) partials[w] = new float[perTile];
            }
            // a chunked step has fewer than RANGES_PER_THREAD * threads (token, kv head) pairs
            int sharedFloats = WorkerPool.RANGES_PER_THREAD * threads * perItem;
            if (chunked && shared.length < sharedFloats) shared = new float[sharedFloats];
        }

        @Override
        public void run(int worker, int from, int to) {
            int qDim = heads * headDim;
            if (chunked) {
                int pf = OnlineSoftmaxAttention.partialFloats(headDim);
                int pairs = tokens * kvHeads;
                for (int i = from; i < to; i++) {
                    // chunk-major: the last chunks, often short, are the last ranges handed out, so the threads finish together
                    int c = i / pairs, item = i % pairs, t = item / kvHeads, kv = item % kvHeads;
                    if (c >= OnlineSoftmaxAttention.chunks(pos0 + t)) continue; // an earlier token of the step ends sooner
                    int qo = t * qDim + kv * group * headDim;
                    OnlineSoftmaxAttention.chunk(q, qo, group, readers[worker], kv * positions * headDim, pos0 + t, c,
                            shared, (item * chunks + c) * group * pf, headDim, scale, scores[worker], scores2[worker], state[worker]);
                }
                return;
            }
            int g = grouped ? group : 1, items = grouped ? kvHeads : heads, qt = OnlineSoftmaxAttention.QUERY_TILE;
            for (int i = from; i < to; i++) {
                int t = i / items * qt, first = (i % items) * g; // the item's first token and first query head
                int qo = t * qDim + first * headDim;
                OnlineSoftmaxAttention.tile(q, qo, qDim, g, Math.min(qt, tokens - t), readers[worker], (first / group) * positions * headDim,
                        pos0 + t, out, qo, qDim, headDim, scale, scores[worker], scores2[worker], state[worker], partials[worker]);
            }
        }

        /** After a chunked step: each (token, head) output from its chunks' partials, in chunk order. */
        void combine(int tokens) {
            int pf = OnlineSoftmaxAttention.partialFloats(headDim), qDim = heads * headDim;
            for (int t = 0; t < tokens; t++) {
                int nc = OnlineSoftmaxAttention.chunks(pos0 + t);
                for (int kv = 0; kv < kvHeads; kv++) {
                    int item = t * kvHeads + kv;
                    for (int h = 0; h < group; h++) {
                        OnlineSoftmaxAttention.combine(shared, item * chunks * group * pf + h * pf, group * pf, nc, out,
                                t * qDim + (kv * group + h) * headDim, headDim);
                    }
                }
            }
        }
    }

    private static final class SwigluTask implements RangeTask {
        /** One block of e^(-g) per worker, padded by a cache line so two workers never write the same one. */
        private final float[][] scratch;
        float[] gate, up, h;

        SwigluTask(int threads) {
            scratch = new float[threads][SwiGlu.SCRATCH + 16];
        }

        @Override
        public void run(int worker, int from, int to) {
            SwiGlu.apply(gate, up, h, from, to, scratch[worker]);
        }
    }
}
