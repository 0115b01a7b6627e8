package dev.lancet.tokenizer.template;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;

/** Locates the shared real-data folder: env LANCET_SHARED, else {@code <lancet.root>/../shared}. */
final class SharedData {
    private SharedData() {
    }

    static Optional<Path> root() {
        String env = System.getenv("LANCET_SHARED");
        if (env != null && !env.isBlank() && Files.isDirectory(Path.of(env))) {
            return Optional.of(Path.of(env));
        }
        String root = System.getProperty("lancet.root");
        if (root != null) {
            Path shared = Path.of(root).resolve("../shared").normalize();
            if (Files.isDirectory(shared)) {
                return Optional.of(shared);
            }
        }
        return Optional.empty();
    }

    /** A file under shared/, or the calling test is skipped with a message saying what is missing. */
    static Path require(String relative) {
        Path root = root().orElse(null);
        if (root == null) {
            Assumptions.abort("shared data not found: set LANCET_SHARED or put shared/ beside the repo root ("
                    + "system property lancet.root=" + System.getProperty("lancet.root") + ")");
        }
        Path file = root.resolve(relative);
        if (!Files.exists(file)) {
            Assumptions.abort("shared data file missing: " + file);
        }
        return file;
    }
}
