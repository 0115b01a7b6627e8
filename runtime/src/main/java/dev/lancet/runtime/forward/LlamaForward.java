package dev.lancet.runtime.forward;

import dev.lancet.runtime.backend.Backend;
import dev.lancet.runtime.config.ModelConfig;
import dev.lancet.runtime.edit.EditStage;
import dev.lancet.runtime.edit.Site;
import dev.lancet.runtime.model.LayerWeights;
import dev.lancet.runtime.model.LlamaModel;
import dev.lancet.runtime.tensor.VectorKernels;
import jdk.incubator.vector.FloatVector;

import static dev.lancet.runtime.tensor.VectorKernels.F;
import static dev.lancet.runtime.tensor.VectorKernels.LANES;

/**
 * The Llama-family decoder forward pass for a batch of T consecutive tokens (T = 1 when decoding, up to
 * the session's capacity in a prefill), line by line the equations; each line runs for every token of
 * the batch, and every matrix product is one call over the whole batch:
 * <pre>
 *   x = embed[token]
 *   for each layer L:
 *     xb = rmsnorm(x) * w_in
 *     q, k, v = Wq xb (+bq), Wk xb (+bk), Wv xb (+bv)   one fused call
 *     q, k = rope(q, pos), rope(k, pos)                 rotate-half convention; k, v go to the cache
 *     att = causal GQA attention of q over cached k, v   positions 0..pos, online softmax
 *     a = Wo att                                         site attn.out
 *     x = x + a
 *     xb = rmsnorm(x) * w_post
 *     gate, up = Wg xb, Wu xb                            one fused call; sites mlp.gate, mlp.up
 *     h = silu(gate) * up                                site mlp.neurons: THE EDIT STAGE
 *     m = Wd h                                           site mlp.out
 *     x = x + m                                          site residual
 *   logits = W_head (rmsnorm(x) * w_final)              last token only, unless every position is wanted
 * </pre>
 * Every kernel sums each output element in one fixed order whatever the batch size, so a batched
 * prefill gives bit-identical logits and cache to feeding the tokens one by one.
 *
 * <p>Every site is a call to the session's {@link EditStage}, guarded by one null check, so with no stage
 * attached the arithmetic and the cost are exactly those of the plain pass. With a stage, the calls for
 * a batch are made in the order documented on {@link EditStage}: beginToken for each position, then per
 * layer and site one apply per position in increasing position, then endToken for each position with its
 * logits (so a batch computes every position's logits when a stage is attached).
 */
public final class LlamaForward {
    private LlamaForward() {
    }

    /**
     * Runs {@code tokens[from .. from+count)} at positions {@code pos0 ..}, appending their k, v to the
     * cache, and leaves the last token's logits in {@code s.logits} if {@code logits} (a prompt's earlier
     * batches skip the lm_head: nobody reads their logits). With {@code every} non-null, row
     * {@code everyOff + t} of it receives a copy of token t's logits; with an edit stage, every position's
     * logits are computed whatever {@code logits} says.
     */
    static void forward(LlamaModel model, Backend be, ForwardState s, EditStage edits, int[] tokens, int from, int count,
                        int pos0, boolean generated, boolean logits, float[][] every, int everyOff) {
        ModelConfig c = model.config();
        int dim = c.hiddenSize(), ffn = c.intermediateSize(), qDim = c.qDim(), kvDim = c.kvDim(), headDim = c.headDim();
        int heads = c.numHeads(), kvHeads = c.numKvHeads();
        int n = count;
        float eps = c.rmsNormEps();
        if (edits != null) for (int t = 0; t < n; t++) edits.beginToken(pos0 + t, generated);

        for (int t = 0; t < n; t++) model.embed().copyRow(tokens[from + t], s.x, t * dim);

        for (int l = 0; l < c.numLayers(); l++) {
            LayerWeights w = model.layer(l);

            // --- attention ---
            for (int t = 0; t < n; t++) rmsnorm(s.xb, s.x, t * dim, w.inputNorm(), dim, eps);
            be.matmul3(w.wq(), s.q, 0, w.wk(), s.k, 0, w.wv(), s.v, 0, s.xb, n);
            for (int t = 0; t < n; t++) {
                int qt = t * qDim, kt = t * kvDim;
                if (w.bq() != null) {
                    addInPlace(s.q, qt, w.bq(), qDim);
                    addInPlace(s.k, kt, w.bk(), kvDim);
                    addInPlace(s.v, kt, w.bv(), kvDim);
                }
                s.rope.rotate(s.q, qt, heads, headDim, pos0 + t);
                s.rope.rotate(s.k, kt, kvHeads, headDim, pos0 + t);
                s.cache.store(l, pos0 + t, s.k, kt, s.v, kt);
            }
            be.attention(s.q, s.cache, l, pos0, n, s.att, heads);
            be.matmul(w.wo(), s.att, 0, s.attnOut, 0, n);
            if (edits != null) visit(edits, Site.ATTN_OUT, l, pos0, n, s.attnOut, dim);
            addInPlace(s.x, 0, s.attnOut, n * dim);

            // --- MLP ---
            for (int t = 0; t < n; t++) rmsnorm(s.xb, s.x, t * dim, w.postAttentionNorm(), dim, eps);
            be.matmul2(w.gate(), s.gate, 0, w.up(), s.up, 0, s.xb, n);
            if (edits != null) visit(edits, Site.MLP_GATE, l, pos0, n, s.gate, ffn);
            if (edits != null) visit(edits, Site.MLP_UP, l, pos0, n, s.up, ffn);
            be.swiglu(s.gate, s.up, s.h, n * ffn);
            // The edit stage: neuron activations h of layer l at each position, before down_proj.
            if (edits != null) visit(edits, Site.MLP_NEURONS, l, pos0, n, s.h, ffn);
            be.matmul(w.down(), s.h, 0, s.mlpOut, 0, n);
            if (edits != null) visit(edits, Site.MLP_OUT, l, pos0, n, s.mlpOut, dim);
            addInPlace(s.x, 0, s.mlpOut, n * dim);
            if (edits != null) visit(edits, Site.RESIDUAL, l, pos0, n, s.x, dim);
        }

        if (every == null && edits == null) {
            if (!logits) return;
            rmsnorm(s.xb, s.x, (n - 1) * dim, model.finalNorm(), dim, eps);
            be.matmul(model.lmHead(), s.xb, (n - 1) * dim, s.logits, 0, 1);
            return;
        }
        int vocab = c.vocabSize();
        float[] rows = s.logitRows(vocab);
        for (int t = 0; t < n; t++) rmsnorm(s.xb, s.x, t * dim, model.finalNorm(), dim, eps);
        for (int t0 = 0; t0 < n; t0 += ForwardState.LOGIT_ROWS) {
            int k = Math.min(ForwardState.LOGIT_ROWS, n - t0);
            be.matmul(model.lmHead(), s.xb, t0 * dim, rows, 0, k);
            for (int j = 0; j < k; j++) {
                System.arraycopy(rows, j * vocab, s.logits, 0, vocab);
                if (every != null) System.arraycopy(rows, j * vocab, every[everyOff + t0 + j], 0, vocab);
                if (edits != null) edits.endToken(pos0 + t0 + j, s.logits);
            }
        }
    }

    /** One apply per position, in increasing position, if the stage wants this site of this layer. */
    private static void visit(EditStage edits, Site site, int layer, int pos0, int n, float[] buf, int width) {
        if (!edits.touches(site, layer)) return;
        for (int t = 0; t < n; t++) edits.apply(site, layer, pos0 + t, buf, t * width, width);
    }

    /**
     * Row at {@code off}: {@code out[i] = w[i] * (x[i] * r)}, {@code r = 1 / sqrt(mean(x^2) + eps)}, the sum of
     * squares in the canonical order of {@link VectorKernels}.
     */
    static void rmsnorm(float[] out, float[] x, int off, float[] w, int n, float eps) {
        float ss = VectorKernels.dot(x, off, x, off, n);
        float r = (float) (1.0 / Math.sqrt(ss / n + eps));
        int i = 0;
        for (; i <= n - LANES; i += LANES) {
            FloatVector.fromArray(F, x, off + i).mul(r).mul(FloatVector.fromArray(F, w, i)).intoArray(out, off + i);
        }
        for (; i < n; i++) out[off + i] = (x[off + i] * r) * w[i];
    }

    static void addInPlace(float[] acc, int off, float[] v, int n) {
        int i = 0;
        for (; i <= n - LANES; i += LANES) {
            FloatVector.fromArray(F, acc, off + i).add(FloatVector.fromArray(F, v, i)).intoArray(acc, off + i);
        }
        for (; i < n; i++) acc[off + i] += v[i];
    }
}
