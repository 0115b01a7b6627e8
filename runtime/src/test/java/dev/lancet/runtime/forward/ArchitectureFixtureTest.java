package dev.lancet.runtime.forward;

import dev.lancet.runtime.config.ModelConfig;
import dev.lancet.runtime.config.RopeScaling;
import dev.lancet.runtime.model.LlamaModel;
import dev.lancet.runtime.safetensors.DType;
import dev.lancet.runtime.synthetic.SyntheticCheckpoint;
import dev.lancet.runtime.testing.NaiveForward;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Seeded random checkpoints of each supported architecture and option (Qwen2 q/k/v bias, Mistral,
 * GQA, explicit head_dim, linear and llama3 rope scaling, untied head) load and agree with a plain
 * float64 forward written independently in the test sources.
 */
class ArchitectureFixtureTest {

    static ModelConfig config(String kind) {
        return switch (kind) {
            case "qwen2-bias" -> new ModelConfig("Qwen2ForCausalLM", 48, 96, 2, 6, 2, 8, 97, 64, 1e-6f, 1e6,
                    RopeScaling.NONE, true, true, 1, new int[]{2});
            case "mistral" -> new ModelConfig("MistralForCausalLM", 64, 128, 2, 8, 2, 8, 101, 64, 1e-5f, 1e4,
                    RopeScaling.NONE, false, false, 1, new int[]{2});
            case "llama-head-dim" -> new ModelConfig("LlamaForCausalLM", 40, 72, 2, 4, 4, 16, 89, 64, 1e-5f, 5e5,
                    new RopeScaling(RopeScaling.Type.LLAMA3, 8, 1, 4, 16), false, false, 1, new int[]{2});
            case "llama-linear-rope" -> new ModelConfig("LlamaForCausalLM", 32, 64, 3, 4, 1, 8, 61, 64, 1e-5f, 1e4,
                    new RopeScaling(RopeScaling.Type.LINEAR, 4, 0, 0, 0), true, false, 1, new int[]{2});
            default -> throw new IllegalArgumentException(kind);
        };
    }

    @ParameterizedTest
    @ValueSource(strings = {"qwen2-bias", "mistral", "llama-head-dim", "llama-linear-rope"})
    void fixtureMatchesPlainFloat64Forward(String kind, @TempDir Path tmp) {
        Path dir = tmp.resolve(kind);
        SyntheticCheckpoint.write(dir, config(kind), DType.F32, 7);
        int[] ids = {1, 5, 17, 3, 42, 8, 30, 11, 2, 19, 23, 40};
        NaiveForward naive = new NaiveForward(dir);
        try (LlamaModel m = LlamaModel.load(dir); Session s = Session.open(m, 2)) {
            float[][] got = s.logitsAtEveryPosition(ids);
            for (int len : new int[]{1, 5, ids.length}) {
                double[] ref = naive.lastLogits(java.util.Arrays.copyOf(ids, len));
                double max = 0;
                for (int v = 0; v < ref.length; v++) max = Math.max(max, Math.abs(ref[v] - got[len - 1][v]));
                assertTrue(max < 1e-4, kind + " length " + len + ": max |delta| " + max);
            }
        }
    }
}
