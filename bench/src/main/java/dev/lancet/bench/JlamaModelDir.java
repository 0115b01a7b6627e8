package dev.lancet.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Jlama loads a model directory only with a {@code tokenizer.json} beside the weights. A synthetic
 * checkpoint has none, so Jlama gets a view: a sibling directory with the same config.json, a symbolic
 * link to the same model.safetensors (the very bytes Lancet reads) and the real tokenizer of the shape's
 * model family from shared/tokenizers (the tokenizer is never used: both runtimes are fed token ids).
 */
final class JlamaModelDir {
    private JlamaModelDir() {
    }

    static Path viewOf(Path checkpoint, String tokenizerFamily) {
        Path view = checkpoint.resolveSibling(checkpoint.getFileName() + "-jlama-view");
        try {
            Files.createDirectories(view);
            Files.copy(checkpoint.resolve("config.json"), view.resolve("config.json"), StandardCopyOption.REPLACE_EXISTING);
            Path weights = view.resolve("model.safetensors");
            Files.deleteIfExists(weights);
            Files.createSymbolicLink(weights, checkpoint.resolve("model.safetensors").toAbsolutePath());
            Path tok = sharedDir().resolve("tokenizers").resolve(tokenizerFamily).resolve("tokenizer.json");
            if (!Files.isRegularFile(tok)) throw new IllegalStateException(tok + " not found (set LANCET_SHARED)");
            Files.copy(tok, view.resolve("tokenizer.json"), StandardCopyOption.REPLACE_EXISTING);
            return view;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the Jlama view " + view + ": " + e.getMessage(), e);
        }
    }

    /** $LANCET_SHARED, else ../shared beside the repository (-Dlancet.root or the working directory). */
    static Path sharedDir() {
        String env = System.getenv("LANCET_SHARED");
        if (env != null && !env.isBlank()) return Path.of(env);
        String root = System.getProperty("lancet.root", System.getProperty("lancet.home", "."));
        return Path.of(root).toAbsolutePath().normalize().resolve("../shared").normalize();
    }

    /** The tokenizer family of a synthetic shape. */
    static String tokenizerFamily(String shape) {
        return switch (shape) {
            case "smollm2-135m" -> "smollm2";
            case "qwen2.5-0.5b" -> "qwen3";
            case "llama-1b" -> "llama3";
            default -> throw new IllegalArgumentException("no tokenizer family for shape " + shape);
        };
    }
}
