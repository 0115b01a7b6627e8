package dev.lancet.runtime.synthetic;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.lancet.runtime.config.ModelConfig;
import dev.lancet.runtime.safetensors.DType;
import dev.lancet.runtime.safetensors.SafetensorsWriter;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

/**
 * Writes a Llama-family checkpoint with seeded random weights in Hugging Face layout (config.json +
 * model.safetensors). Weights ~ U(-a, a) with a = 1/sqrt(fan_in), norms ~ 1 + U(-0.1, 0.1), so
 * activations stay in a realistic range. Same config, dtype and seed: the same bytes.
 */
public final class SyntheticCheckpoint {
    private SyntheticCheckpoint() {
    }

    public static void write(Path dir, ModelConfig c, DType dtype, long seed) {
        try {
            Files.createDirectories(dir);
            ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
            json.writeValue(dir.resolve("config.json").toFile(), c.toJson());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        SplittableRandom rnd = new SplittableRandom(seed);
        int h = c.hiddenSize(), ffn = c.intermediateSize();
        SafetensorsWriter w = new SafetensorsWriter();
        w.add("model.embed_tokens.weight", dtype, uniform(rnd, (long) c.vocabSize() * h, 1.0f), c.vocabSize(), h);
        for (int l = 0; l < c.numLayers(); l++) {
            String p = "model.layers." + l + ".";
            w.add(p + "input_layernorm.weight", dtype, norm(rnd, h), h);
            w.add(p + "self_attn.q_proj.weight", dtype, linear(rnd, c.qDim(), h), c.qDim(), h);
            w.add(p + "self_attn.k_proj.weight", dtype, linear(rnd, c.kvDim(), h), c.kvDim(), h);
            w.add(p + "self_attn.v_proj.weight", dtype, linear(rnd, c.kvDim(), h), c.kvDim(), h);
            if (c.attentionBias()) {
                w.add(p + "self_attn.q_proj.bias", dtype, uniform(rnd, c.qDim(), 0.1f), c.qDim());
                w.add(p + "self_attn.k_proj.bias", dtype, uniform(rnd, c.kvDim(), 0.1f), c.kvDim());
                w.add(p + "self_attn.v_proj.bias", dtype, uniform(rnd, c.kvDim(), 0.1f), c.kvDim());
            }
            w.add(p + "self_attn.o_proj.weight", dtype, linear(rnd, h, c.qDim()), h, c.qDim());
            w.add(p + "post_attention_layernorm.weight", dtype, norm(rnd, h), h);
            w.add(p + "mlp.gate_proj.weight", dtype, linear(rnd, ffn, h), ffn, h);
            w.add(p + "mlp.up_proj.weight", dtype, linear(rnd, ffn, h), ffn, h);
            w.add(p + "mlp.down_proj.weight", dtype, linear(rnd, h, ffn), h, ffn);
        }
        w.add("model.norm.weight", dtype, norm(rnd, h), h);
        if (!c.tieWordEmbeddings()) {
            w.add("lm_head.weight", dtype, linear(rnd, c.vocabSize(), h), c.vocabSize(), h);
        }
        w.write(dir.resolve("model.safetensors"));
    }

    private static float[] linear(SplittableRandom rnd, int rows, int cols) {
        return uniform(rnd, (long) rows * cols, (float) (1.0 / Math.sqrt(cols)));
    }

    private static float[] norm(SplittableRandom rnd, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) v[i] = 1f + (float) (rnd.nextDouble() * 0.2 - 0.1);
        return v;
    }

    private static float[] uniform(SplittableRandom rnd, long n, float a) {
        if (n > Integer.MAX_VALUE) throw new IllegalArgumentException("tensor too large for a synthetic array: " + n);
        float[] v = new float[(int) n];
        for (int i = 0; i < v.length; i++) v[i] = (float) ((rnd.nextDouble() * 2 - 1) * a);
        return v;
    }
}
