package dev.lancet.runtime.forward;

import dev.lancet.runtime.config.ModelConfig;

/**
 * Per-session buffers, allocated once: the activations of the token being computed and the KV cache.
 * Buffer names follow the forward pass in {@link LlamaForward}.
 */
final class ForwardState {
    final int contextLength;
    /** Residual stream. */
    final float[] x;
    /** RMS-normalised input of the attention or the MLP. */
    final float[] xb;
    final float[] q, k, v;
    /** Attention output per head, before o_proj. */
    final float[] att;
    /** o_proj output (site attn.out) and down_proj output (site mlp.out). */
    final float[] attnOut, mlpOut;
    /** gate projection (site mlp.gate), up projection (mlp.up), neuron activations h (mlp.neurons). */
    final float[] gate, up, h;
    final float[] logits;
    /** keyCache[layer][t * kvDim + i]: keys after RoPE, values as projected. */
    final float[][] keyCache, valueCache;

    ForwardState(ModelConfig c, int contextLength) {
        this.contextLength = contextLength;
        int d = c.hiddenSize(), ffn = c.intermediateSize();
        x = new float[d];
        xb = new float[d];
        q = new float[c.qDim()];
        k = new float[c.kvDim()];
        v = new float[c.kvDim()];
        att = new float[c.qDim()];
        attnOut = new float[d];
        mlpOut = new float[d];
        gate = new float[ffn];
        up = new float[ffn];
        h = new float[ffn];
        logits = new float[c.vocabSize()];
        keyCache = new float[c.numLayers()][contextLength * c.kvDim()];
        valueCache = new float[c.numLayers()][contextLength * c.kvDim()];
    }
}
