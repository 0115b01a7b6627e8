package dev.lancet.runtime.model;

import dev.lancet.runtime.tensor.Matrix;

/**
 * One decoder block's weights. Matrices are [out, in] as in Hugging Face Linear layers;
 * the biases are null unless the architecture has q/k/v bias (Qwen2).
 */
public record LayerWeights(
        float[] inputNorm,
        Matrix wq, Matrix wk, Matrix wv,
        float[] bq, float[] bk, float[] bv,
        Matrix wo,
        float[] postAttentionNorm,
        Matrix gate, Matrix up, Matrix down) {
}
