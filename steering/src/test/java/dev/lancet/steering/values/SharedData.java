package dev.lancet.steering.values;

import org.junit.jupiter.api.Assumptions;

import java.nio.file.Files;
import java.nio.file.Path;

/** Finds ../shared/data/values (or $LANCET_SHARED/data/values); skips the test when absent. */
final class SharedData {
    private SharedData() {}

    static Path valuesDir() {
        String env = System.getenv("LANCET_SHARED");
        Path shared;
        if (env != null && !env.isBlank()) {
            shared = Path.of(env);
        } else {
            String root = System.getProperty("lancet.root", ".");
            shared = Path.of(root).resolve("../shared").normalize();
        }
        Path dir = shared.resolve("data/values");
        Assumptions.assumeTrue(Files.isDirectory(dir),
                "shared data not found at " + dir + " (set LANCET_SHARED or put shared/ next to the repo); skipping");
        return dir;
    }
}
