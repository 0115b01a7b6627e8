package dev.lancet.bench;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Inputs of the tokenizer benchmarks: a shared tokenizer's directory and either the 24 reference
 * strings ("corpus") or about 1 MB of value dialogues joined into one string ("values1MB").
 * Finds shared/ through {@code -Dlancet.shared}, $LANCET_SHARED or ../shared.
 */
record TokenizerBenchInputs(Path tokenizerDir, String[] texts, double megabytes) {
    static Path sharedDir() {
        String prop = System.getProperty("lancet.shared");
        if (prop != null) return Path.of(prop);
        String env = System.getenv("LANCET_SHARED");
        if (env != null && !env.isBlank()) return Path.of(env);
        return Path.of("../shared").toAbsolutePath().normalize();
    }

    static TokenizerBenchInputs load(String tokenizer, String text) throws IOException {
        Path shared = sharedDir();
        Path dir = tokenizer.equals("stories260K") ? shared.resolve("models/stories260K")
                : shared.resolve("tokenizers").resolve(tokenizer);
        ObjectMapper json = new ObjectMapper();
        String[] texts;
        if (text.equals("corpus")) {
            texts = json.readValue(shared.resolve("reference/tokenizers/corpus.json").toFile(), String[].class);
        } else if (text.equals("values1MB")) {
            StringBuilder sb = new StringBuilder();
            int bytes = 0;
            for (String line : Files.readAllLines(shared.resolve("data/values/fulcra_trustworthy.jsonl"))) {
                if (bytes >= 1_000_000) break;
                String d = json.readTree(line).get("dialogue").textValue();
                sb.append(d).append("\n\n");
                bytes += d.getBytes(StandardCharsets.UTF_8).length + 2;
            }
            texts = new String[] {sb.toString()};
        } else {
            throw new IllegalArgumentException("unknown text '" + text + "' (corpus or values1MB)");
        }
        long total = 0;
        for (String s : texts) total += s.getBytes(StandardCharsets.UTF_8).length;
        return new TokenizerBenchInputs(dir, texts, total / 1e6);
    }
}
