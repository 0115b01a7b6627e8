package dev.lancet.runtime.backend;

import dev.lancet.runtime.tensor.Matrix;

/**
 * The compute operations the forward pass is written against, over a batch of {@code tokens} rows:
 * activations are row-major float arrays, row t of width n at {@code off + t*n}. Decode is the batch of
 * one token, prefill a batch of many. A backend instance belongs to one session (it may own threads,
 * scratch space or device buffers). {@link CpuBackend} is the Vector API implementation; a GPU backend
 * (TornadoVM) implements the same operations: see docs/ARCHITECTURE.md.
 *
 * <p>Contract: every output element has one owner and one fixed summation order, the same for any
 * batch size and degree of parallelism, so results do not depend on either.
 */
public interface Backend extends AutoCloseable {
    String name();

    int threads();

    /** {@code out[outOff + t*R + r] = sum_c W[r, c] x[xOff + t*C + c]} for W of R rows and C cols, t &lt; tokens. */
    void matmul(Matrix w, float[] x, int xOff, float[] out, int outOff, int tokens);

    /** Two matrices over the same input in one dispatch (gate and up): x is read once per row block. */
    void matmul2(Matrix w1, float[] out1, int off1, Matrix w2, float[] out2, int off2, float[] x, int tokens);

    /** Three matrices over the same input in one dispatch (q, k and v). */
    void matmul3(Matrix w1, float[] out1, int off1, Matrix w2, float[] out2, int off2,
                 Matrix w3, float[] out3, int off3, float[] x, int tokens);

    /** Positions per key tile of the KV cache (see {@link KvCache}). */
    int KEY_TILE = 16;

    /**
     * Causal grouped-query attention for tokens at positions pos0 .. pos0+tokens-1 of {@code layer}, whose keys and
     * values are already in {@code cache} (its layout and precision: {@link KvCache}). For token t and head h (kv
     * head h / (heads/kvHeads)): {@code out_th = sum_{p <= pos0+t} softmax_p(q_th . k_p / sqrt(d)) v_p}, the
     * softmax computed online (running max and sum) in increasing p within chunks of positions fixed in absolute
     * position, the chunks' results combined in order (the CPU backend's arithmetic is on {@code
     * OnlineSoftmaxAttention}; another backend may sum differently, within the reference tolerance). A 16-bit
     * cache is read as the floats its codes stand for.
     */
    void attention(float[] q, KvCache cache, int layer, int pos0, int tokens, float[] out, int heads);

    /**
     * {@code h[i] = silu(gate[i]) * up[i]} for i &lt; n, with {@code silu(g) = g / (1 + e^-g)}. {@code h} may
     * be {@code gate} (the forward pass writes h over gate: one buffer of batch x intermediate less).
     */
    void swiglu(float[] gate, float[] up, float[] h, int n);

    @Override
    void close();
}
