package dev.lancet.runtime.testing;

import dev.lancet.runtime.config.ModelConfig;
import dev.lancet.runtime.safetensors.SafetensorsCheckpoint;

import java.nio.file.Path;

/**
 * A deliberately plain float64 Llama forward for tests: no Vector API, no KV cache, no threads,
 * full recompute over the prefix, reading weights through {@link SafetensorsCheckpoint#readFloats}.
 * It shares no arithmetic code with the runtime, so it is an independent oracle for fixtures
 * (Qwen2 bias, Mistral, GQA, rope scaling) that have no external golden.
 */
public final class NaiveForward {
    private final ModelConfig c;
    private final SafetensorsCheckpoint w;

    public NaiveForward(Path dir) {
        this.c = ModelConfig.load(dir);
        this.w = SafetensorsCheckpoint.open(dir);
    }

    private double[] t(String name) {
        float[] f = w.readFloats(name);
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) d[i] = f[i];
        return d;
    }

    /** Logits at the last position of {@code ids}. */
    public double[] lastLogits(int[] ids) {
        int T = ids.length, D = c.hiddenSize(), hd = c.headDim(), H = c.numHeads(), KV = c.numKvHeads();
        double[][] x = new double[T][];
        double[] emb = t("model.embed_tokens.weight");
        for (int p = 0; p < T; p++) {
            x[p] = new double[D];
            System.arraycopy(emb, ids[p] * D, x[p], 0, D);
        }
        double[] invFreq = new double[hd / 2];
        for (int i = 0; i < hd / 2; i++) invFreq[i] = 1.0 / Math.pow(c.ropeTheta(), 2.0 * i / hd);
        c.ropeScaling().apply(invFreq);
        for (int l = 0; l < c.numLayers(); l++) {
            String p = "model.layers." + l + ".";
            double[][] q = new double[T][], k = new double[T][], v = new double[T][];
            for (int s = 0; s < T; s++) {
                double[] xn = norm(x[s], t(p + "input_layernorm.weight"));
                q[s] = lin(t(p + "self_attn.q_proj.weight"), xn, c.qDim());
                k[s] = lin(t(p + "self_attn.k_proj.weight"), xn, c.kvDim());
                v[s] = lin(t(p + "self_attn.v_proj.weight"), xn, c.kvDim());
                if (c.attentionBias()) {
                    add(q[s], t(p + "self_attn.q_proj.bias"));
                    add(k[s], t(p + "self_attn.k_proj.bias"));
                    add(v[s], t(p + "self_attn.v_proj.bias"));
                }
                rope(q[s], H, hd, s, invFreq);
                rope(k[s], KV, hd, s, invFreq);
            }
            double[][] next = new double[T][];
            for (int s = 0; s < T; s++) {
                double[] att = new double[c.qDim()];
                for (int h = 0; h < H; h++) {
                    int kh = h / (H / KV);
                    double[] sc = new double[s + 1];
                    double max = Double.NEGATIVE_INFINITY;
                    for (int u = 0; u <= s; u++) {
                        double d = 0;
                        for (int i = 0; i < hd; i++) d += q[s][h * hd + i] * k[u][kh * hd + i];
                        sc[u] = d / Math.sqrt(hd);
                        max = Math.max(max, sc[u]);
                    }
                    double sum = 0;
                    for (int u = 0; u <= s; u++) sum += sc[u] = Math.exp(sc[u] - max);
                    for (int u = 0; u <= s; u++) for (int i = 0; i < hd; i++) att[h * hd + i] += sc[u] / sum * v[u][kh * hd + i];
                }
                double[] h1 = x[s].clone();
                add(h1, lin(t(p + "self_attn.o_proj.weight"), att, D));
                double[] xn = norm(h1, t(p + "post_attention_layernorm.weight"));
                double[] g = lin(t(p + "mlp.gate_proj.weight"), xn, c.intermediateSize());
                double[] u = lin(t(p + "mlp.up_proj.weight"), xn, c.intermediateSize());
                for (int i = 0; i < g.length; i++) g[i] = g[i] / (1 + Math.exp(-g[i])) * u[i];
                add(h1, lin(t(p + "mlp.down_proj.weight"), g, D));
                next[s] = h1;
            }
            x = next;
        }
        double[] xn = norm(x[T - 1], t("model.norm.weight"));
        String head = w.has("lm_head.weight") ? "lm_head.weight" : "model.embed_tokens.weight";
        return lin(t(head), xn, c.vocabSize());
    }

    private double[] norm(double[] x, double[] g) {
        double ss = 0;
        for (double v : x) ss += v * v;
        double r = 1 / Math.sqrt(ss / x.length + c.rmsNormEps());
        double[] o = new double[x.length];
        for (int i = 0; i < x.length; i++) o[i] = g[i] * x[i] * r;
        return o;
    }

    private static double[] lin(double[] W, double[] x, int rows) {
        double[] o = new double[rows];
        for (int r = 0; r < rows; r++) {
            double s = 0;
            for (int i = 0; i < x.length; i++) s += W[r * x.length + i] * x[i];
            o[r] = s;
        }
        return o;
    }

    private static void add(double[] a, double[] b) {
        for (int i = 0; i < a.length; i++) a[i] += b[i];
    }

    private static void rope(double[] v, int heads, int hd, int pos, double[] invFreq) {
        for (int h = 0; h < heads; h++) {
            for (int i = 0; i < hd / 2; i++) {
                double a = v[h * hd + i], b = v[h * hd + i + hd / 2];
                double ang = pos * invFreq[i];
                v[h * hd + i] = a * Math.cos(ang) - b * Math.sin(ang);
                v[h * hd + i + hd / 2] = b * Math.cos(ang) + a * Math.sin(ang);
            }
        }
    }
}
