package dev.lancet.runtime.testing;

import org.junit.jupiter.api.Assumptions;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Finds ../shared (real models and independent references): $LANCET_SHARED, else ../shared beside
 * the repo root. Tests that need it call {@link #require} and are skipped, with the reason, when absent.
 */
public final class SharedData {
    private SharedData() {
    }

    public static Path repoRoot() {
        String root = System.getProperty("lancet.root");
        if (root != null) return Path.of(root).toAbsolutePath().normalize();
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.isRegularFile(p.resolve("lancet"))) p = p.getParent();
        return p == null ? Path.of("").toAbsolutePath() : p;
    }

    public static Path sharedDir() {
        String env = System.getenv("LANCET_SHARED");
        if (env != null && !env.isBlank()) return Path.of(env);
        return repoRoot().resolve("../shared").normalize();
    }

    /** Returns shared/relative, or skips the test with a clear message when it is not there. */
    public static Path require(String relative) {
        Path p = sharedDir().resolve(relative);
        Assumptions.assumeTrue(Files.exists(p),
                "skipped: " + p + " not found (set LANCET_SHARED or put shared/ beside the repo root)");
        return p;
    }

    /** The embedded stories260K model shipped in testdata/ (always present). */
    public static Path embeddedModel() {
        return repoRoot().resolve("testdata/models/stories260K");
    }
}
