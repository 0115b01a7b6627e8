package dev.lancet.tokenizer;

import org.junit.jupiter.api.Assumptions;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The real tokenizers and references in shared/ ({@code $LANCET_SHARED}, else {@code lancet.root/../shared}).
 * Tests that need them are skipped with a message when shared/ is absent. Loaded tokenizers are kept
 * for the whole test run (the larger files take a few hundred milliseconds each).
 */
final class SharedTokenizers {
    /** Reference name to tokenizer directory, relative to shared/. */
    static final Map<String, String> DIRS = new LinkedHashMap<>();

    static {
        DIRS.put("smollm2", "tokenizers/smollm2");
        DIRS.put("mistral", "tokenizers/mistral");
        DIRS.put("llama3", "tokenizers/llama3");
        DIRS.put("qwen3", "tokenizers/qwen3");
        DIRS.put("stories260K", "models/stories260K");
    }

    /** The byte-level BPE tokenizers, for which decode(encode(s)) == s holds for every string. */
    static final List<String> BYTE_LEVEL = List.of("smollm2", "llama3", "qwen3");

    private static final Map<String, Tokenizer> LOADED = new ConcurrentHashMap<>();

    private SharedTokenizers() {
    }

    static Path sharedDir() {
        String env = System.getenv("LANCET_SHARED");
        if (env != null && !env.isBlank()) return Path.of(env);
        String root = System.getProperty("lancet.root");
        Path base = root != null ? Path.of(root) : Path.of("").toAbsolutePath();
        return base.resolve("../shared").normalize();
    }

    /** shared/relative, or aborts the calling test with the reason when shared/ is not there. */
    static Path require(String relative) {
        Path p = sharedDir().resolve(relative);
        if (!Files.exists(p)) {
            Assumptions.abort("skipped: " + p + " not found (set LANCET_SHARED or put shared/ beside the repo root)");
        }
        return p;
    }

    static Tokenizer tokenizer(String name) {
        Path dir = require(DIRS.get(name));
        return LOADED.computeIfAbsent(name, n -> Tokenizer.load(dir));
    }
}
