package dev.lancet.runtime.synthetic;

import dev.lancet.runtime.model.LlamaModel;
import dev.lancet.runtime.safetensors.DType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Synthetic checkpoints are written once under the cache directory, reused, loadable and reproducible. */
class SyntheticCacheTest {
    @AfterEach
    void clear() {
        System.clearProperty("lancet.cache");
    }

    @Test
    void writtenOnceThenReused(@TempDir Path cache) throws Exception {
        System.setProperty("lancet.cache", cache.toString());
        Path dir = SyntheticCheckpoint.cached("tiny", DType.BF16, 3);
        assertEquals(cache.resolve("synthetic/tiny-bf16-3"), dir);
        var written = Files.getLastModifiedTime(dir.resolve("model.safetensors"));
        Thread.sleep(20);
        assertEquals(dir, SyntheticCheckpoint.cached("tiny", DType.BF16, 3));
        assertEquals(written, Files.getLastModifiedTime(dir.resolve("model.safetensors")), "the second call must not rewrite");
        try (LlamaModel m = LlamaModel.load(dir)) {
            assertEquals(SyntheticShapes.byName("tiny").hiddenSize(), m.config().hiddenSize());
        }
        try (var s = Files.list(dir.getParent())) {
            assertEquals(1, s.count(), "no temporary folder left behind");
        }
    }

    @Test
    void sameSeedSameBytes(@TempDir Path tmp) throws Exception {
        SyntheticCheckpoint.write(tmp.resolve("a"), SyntheticShapes.byName("tiny"), DType.F32, 5);
        SyntheticCheckpoint.write(tmp.resolve("b"), SyntheticShapes.byName("tiny"), DType.F32, 5);
        assertArrayEquals(Files.readAllBytes(tmp.resolve("a/model.safetensors")), Files.readAllBytes(tmp.resolve("b/model.safetensors")));
    }

    @Test
    void unknownShapeIsNamed() {
        var e = assertThrows(IllegalArgumentException.class, () -> SyntheticCheckpoint.cacheDir("gpt-5", DType.F32, 1));
        assertEquals(true, e.getMessage().contains("gpt-5") && e.getMessage().contains("smollm2-135m"), e.getMessage());
    }
}
