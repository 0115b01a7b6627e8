package dev.lancet.runtime.backend;

import dev.lancet.runtime.tensor.Matrix;

/**
 * The compute operations the forward pass is written against. A backend instance belongs to one
 * session (it may own threads and scratch space). {@link CpuBackend} is the Vector API implementation;
 * a GPU backend (TornadoVM) implements the same operations over device buffers: see docs/ARCHITECTURE.md.
 * Contract: every output element is computed by one owner in a fixed summation order, so results do
 * not depend on the degree of parallelism.
 */
public interface Backend extends AutoCloseable {
    String name();

    int threads();

    /** {@code out[r] = sum_c W[r, c] x[c]} for every row r of W. */
    void matvec(Matrix w, float[] x, float[] out);

    /** Two matrices over the same input (gate/up, k/v): one dispatch, x read once per row pair. */
    void matvec2(Matrix w1, float[] out1, Matrix w2, float[] out2, float[] x);

    /**
     * Causal attention of one query position over the cache: for each head h (kv head h / (heads/kvHeads)),
     * {@code out_h = sum_t softmax_t(q_h . k_t / sqrt(d)) v_t}, t = 0..pos.
     */
    void attention(float[] q, float[] keys, float[] values, int pos, float[] out,
                   int heads, int kvHeads, int headDim);

    @Override
    void close();
}
