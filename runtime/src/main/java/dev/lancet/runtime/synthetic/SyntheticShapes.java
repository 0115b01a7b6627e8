package dev.lancet.runtime.synthetic;

import dev.lancet.runtime.config.ModelConfig;
import dev.lancet.runtime.config.RopeScaling;

import java.util.List;
import java.util.Locale;

/** Real model shapes for speed and scale work with seeded random weights. */
public final class SyntheticShapes {
    private SyntheticShapes() {
    }

    public static List<String> names() {
        return List.of("tiny", "smollm2-135m", "qwen2.5-0.5b", "llama-1b");
    }

    public static ModelConfig byName(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            // A small Llama with GQA, for fast tests.
            case "tiny" -> new ModelConfig("LlamaForCausalLM", 64, 160, 2, 4, 2, 16, 256, 128,
                    1e-5f, 10000.0, RopeScaling.NONE, false, false, 1, new int[]{2});
            case "smollm2-135m" -> new ModelConfig("LlamaForCausalLM", 576, 1536, 30, 9, 3, 64, 49152, 8192,
                    1e-5f, 100000.0, RopeScaling.NONE, true, false, 1, new int[]{2});
            case "qwen2.5-0.5b" -> new ModelConfig("Qwen2ForCausalLM", 896, 4864, 24, 14, 2, 64, 151936, 32768,
                    1e-6f, 1000000.0, RopeScaling.NONE, true, true, 151643, new int[]{151645});
            case "llama-1b" -> new ModelConfig("LlamaForCausalLM", 2048, 8192, 16, 32, 8, 64, 128256, 131072,
                    1e-5f, 500000.0, new RopeScaling(RopeScaling.Type.LLAMA3, 32.0, 1.0, 4.0, 8192), true, false,
                    128000, new int[]{128001});
            default -> throw new IllegalArgumentException("unknown synthetic shape '" + name + "' (known: " + String.join(", ", names()) + ")");
        };
    }
}
