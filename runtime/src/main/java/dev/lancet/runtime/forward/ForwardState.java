package dev.lancet.runtime.forward;

import dev.lancet.runtime.backend.KvCache;
import dev.lancet.runtime.backend.KvPrecision;
import dev.lancet.runtime.config.ModelConfig;
import dev.lancet.runtime.model.RopeTable;

/**
 * Per-session buffers, allocated once: the activations of a batch of up to {@code capacity} tokens
 * (row t of a buffer of width n at {@code t*n}) and the KV cache. Buffer names follow the forward pass
 * in {@link LlamaForward}.
 */
final class ForwardState {
    /** Tokens whose logits one lm_head call produces when every position's logits are wanted. */
    static final int LOGIT_ROWS = 8;
    final int contextLength;
    final int capacity;
    /** Residual stream. */
    final float[] x;
    /** RMS-normalised input of the attention, the MLP or the lm_head. */
    final float[] xb;
    final float[] q;
    /** k and v projections of the batch (row t at t*kvDim), before they move into the head-major cache. */
    final float[] k, v;
    /** Attention output per head, before o_proj. */
    final float[] att;
    /** o_proj output (site attn.out) and down_proj output (site mlp.out). */
    final float[] attnOut, mlpOut;
    /**
     * gate projection (site mlp.gate), up projection (mlp.up), neuron activations h (mlp.neurons). h is
     * the gate buffer: swiglu overwrites gate once the mlp.gate site has seen it.
     */
    final float[] gate, up, h;
    /** Logits of the last token of the batch. */
    final float[] logits;
    /** Keys after RoPE and values as projected, every layer, the whole context. */
    final KvCache cache;
    /** Rotary cos/sin for the positions of this context. */
    final RopeTable rope;
    /** LOGIT_ROWS rows of logits, allocated the first time every position's logits are wanted. */
    float[] logitRows;

    ForwardState(ModelConfig c, int contextLength, int capacity, KvPrecision kvPrecision) {
        this.contextLength = contextLength;
        this.capacity = capacity;
        int d = c.hiddenSize(), ffn = c.intermediateSize();
        x = new float[capacity * d];
        xb = new float[capacity * d];
        q = new float[capacity * c.qDim()];
        k = new float[capacity * c.kvDim()];
        v = new float[capacity * c.kvDim()];
        att = new float[capacity * c.qDim()];
        attnOut = new float[capacity * d];
        mlpOut = new float[capacity * d];
        gate = new float[capacity * ffn];
        up = new float[capacity * ffn];
        h = gate;
        logits = new float[c.vocabSize()];
        cache = new KvCache(kvPrecision, c.numLayers(), c.numKvHeads(), c.headDim(), contextLength);
        rope = new RopeTable(c, contextLength);
    }

    float[] logitRows(int vocab) {
        if (logitRows == null) logitRows = new float[LOGIT_ROWS * vocab];
        return logitRows;
    }
}
