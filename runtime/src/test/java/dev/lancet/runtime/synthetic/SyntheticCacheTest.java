package dev.lancet.runtime.synthetic;

import dev.lancet.runtime.model.LlamaModel;
import dev.lancet.runtime.safetensors.DType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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

    /** A cache written with the old 8-byte header padding is written again, its tensors then on cache lines. */
    @Test
    void aCacheWithUnalignedDataIsWrittenAgain(@TempDir Path cache) throws Exception {
        System.setProperty("lancet.cache", cache.toString());
        Path dir = SyntheticCheckpoint.cacheDir("tiny", DType.F32, 4);
        SyntheticCheckpoint.write(dir, SyntheticShapes.byName("tiny"), DType.F32, 4);
        Path weights = dir.resolve("model.safetensors");
        byte[] aligned = Files.readAllBytes(weights);
        assertEquals(0, Math.floorMod(8 + headerLength(aligned), 64L), "written aligned");
        // the same file as the old writer padded it: 8 more spaces in the header, so the data starts 8 bytes off a line
        long n = headerLength(aligned);
        byte[] old = new byte[aligned.length + 8];
        ByteBuffer.wrap(old).order(ByteOrder.LITTLE_ENDIAN).putLong(n + 8);
        System.arraycopy(aligned, 8, old, 8, (int) n);
        Arrays.fill(old, 8 + (int) n, 16 + (int) n, (byte) ' ');
        System.arraycopy(aligned, 8 + (int) n, old, 16 + (int) n, aligned.length - 8 - (int) n);
        Files.write(weights, old);
        assertFalse(SyntheticCheckpoint.isComplete(dir));
        assertEquals(dir, SyntheticCheckpoint.cached("tiny", DType.F32, 4));
        assertArrayEquals(aligned, Files.readAllBytes(weights), "written again as this version writes it");
        try (var s = Files.list(dir.getParent())) {
            assertEquals(1, s.count(), "the stale copy is gone");
        }
    }

    private static long headerLength(byte[] file) {
        return ByteBuffer.wrap(file, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
    }

    @Test
    void unknownShapeIsNamed() {
        var e = assertThrows(IllegalArgumentException.class, () -> SyntheticCheckpoint.cacheDir("gpt-5", DType.F32, 1));
        assertEquals(true, e.getMessage().contains("gpt-5") && e.getMessage().contains("smollm2-135m"), e.getMessage());
    }
}
