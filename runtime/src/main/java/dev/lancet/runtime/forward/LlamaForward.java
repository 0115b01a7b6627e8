package dev.lancet.runtime.forward;

import dev.lancet.runtime.backend.Backend;
import dev.lancet.runtime.config.ModelConfig;
import dev.lancet.runtime.edit.EditStage;
import dev.lancet.runtime.edit.Site;
import dev.lancet.runtime.model.LayerWeights;
import dev.lancet.runtime.model.LlamaModel;

/**
 * The Llama-family decoder forward pass for one token, line by line the equations:
 * <pre>
 *   x = embed[token]
 *   for each layer L:
 *     xb = rmsnorm(x) * w_in
 *     q, k, v = Wq xb (+bq), Wk xb (+bk), Wv xb (+bv)
 *     q, k = rope(q, pos), rope(k, pos)                 rotate-half convention
 *     att = causal GQA attention of q over cached k, v   t = 0..pos
 *     a = Wo att                                         site attn.out
 *     x = x + a
 *     xb = rmsnorm(x) * w_post
 *     gate, up = Wg xb, Wu xb                            sites mlp.gate, mlp.up
 *     h = silu(gate) * up                                site mlp.neurons: THE EDIT STAGE
 *     m = Wd h                                           site mlp.out
 *     x = x + m                                          site residual
 *   logits = W_head (rmsnorm(x) * w_final)
 * </pre>
 * Every site is a call to the session's {@link EditStage}, guarded by one null check, so with no stage
 * attached the arithmetic and the cost are exactly those of the plain pass.
 */
public final class LlamaForward {
    private LlamaForward() {
    }

    /** Computes the logits for {@code token} at {@code pos} into {@code s.logits}, appending its k, v to the cache. */
    static void forward(LlamaModel model, Backend be, ForwardState s, EditStage edits, int token, int pos, boolean generated) {
        ModelConfig c = model.config();
        int dim = c.hiddenSize(), ffn = c.intermediateSize(), kvDim = c.kvDim(), headDim = c.headDim();
        float eps = c.rmsNormEps();
        if (edits != null) edits.beginToken(pos, generated);

        model.embed().copyRow(token, s.x, 0);

        for (int l = 0; l < c.numLayers(); l++) {
            LayerWeights w = model.layer(l);

            // --- attention ---
            rmsnorm(s.xb, s.x, w.inputNorm(), dim, eps);
            be.matvec(w.wq(), s.xb, s.q);
            be.matvec2(w.wk(), s.k, w.wv(), s.v, s.xb);
            if (w.bq() != null) {
                addInPlace(s.q, w.bq(), c.qDim());
                addInPlace(s.k, w.bk(), kvDim);
                addInPlace(s.v, w.bv(), kvDim);
            }
            model.rope().rotate(s.q, 0, c.numHeads(), headDim, pos);
            model.rope().rotate(s.k, 0, c.numKvHeads(), headDim, pos);
            System.arraycopy(s.k, 0, s.keyCache[l], pos * kvDim, kvDim);
            System.arraycopy(s.v, 0, s.valueCache[l], pos * kvDim, kvDim);
            be.attention(s.q, s.keyCache[l], s.valueCache[l], pos, s.att, c.numHeads(), c.numKvHeads(), headDim);
            be.matvec(w.wo(), s.att, s.attnOut);
            if (edits != null && edits.touches(Site.ATTN_OUT, l)) edits.apply(Site.ATTN_OUT, l, pos, s.attnOut, 0, dim);
            addInPlace(s.x, s.attnOut, dim);

            // --- MLP ---
            rmsnorm(s.xb, s.x, w.postAttentionNorm(), dim, eps);
            be.matvec2(w.gate(), s.gate, w.up(), s.up, s.xb);
            if (edits != null && edits.touches(Site.MLP_GATE, l)) edits.apply(Site.MLP_GATE, l, pos, s.gate, 0, ffn);
            if (edits != null && edits.touches(Site.MLP_UP, l)) edits.apply(Site.MLP_UP, l, pos, s.up, 0, ffn);
            for (int i = 0; i < ffn; i++) s.h[i] = silu(s.gate[i]) * s.up[i];
            // The edit stage: neuron activations h of layer l at this position, before down_proj.
            if (edits != null && edits.touches(Site.MLP_NEURONS, l)) edits.apply(Site.MLP_NEURONS, l, pos, s.h, 0, ffn);
            be.matvec(w.down(), s.h, s.mlpOut);
            if (edits != null && edits.touches(Site.MLP_OUT, l)) edits.apply(Site.MLP_OUT, l, pos, s.mlpOut, 0, dim);
            addInPlace(s.x, s.mlpOut, dim);
            if (edits != null && edits.touches(Site.RESIDUAL, l)) edits.apply(Site.RESIDUAL, l, pos, s.x, 0, dim);
        }

        rmsnorm(s.xb, s.x, model.finalNorm(), dim, eps);
        be.matvec(model.lmHead(), s.xb, s.logits);
        if (edits != null) edits.endToken(pos, s.logits);
    }

    /** {@code out[i] = w[i] * x[i] / sqrt(mean(x^2) + eps)}, sum of squares in index order. */
    static void rmsnorm(float[] out, float[] x, float[] w, int n, float eps) {
        float ss = 0f;
        for (int i = 0; i < n; i++) ss += x[i] * x[i];
        float r = (float) (1.0 / Math.sqrt(ss / n + eps));
        for (int i = 0; i < n; i++) out[i] = w[i] * (x[i] * r);
    }

    /** {@code silu(g) = g * sigmoid(g) = g / (1 + e^-g)}. */
    static float silu(float g) {
        return g / (1f + (float) Math.exp(-g));
    }

    static void addInPlace(float[] acc, float[] v, int n) {
        for (int i = 0; i < n; i++) acc[i] += v[i];
    }
}
