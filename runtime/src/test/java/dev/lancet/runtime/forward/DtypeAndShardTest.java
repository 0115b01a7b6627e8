package dev.lancet.runtime.forward;

import dev.lancet.runtime.model.LlamaModel;
import dev.lancet.runtime.safetensors.DType;
import dev.lancet.runtime.testing.CheckpointCopies;
import dev.lancet.runtime.testing.SharedData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The embedded checkpoint converted to BF16, F16 and a sharded layout gives the F32 logits within the dtype's tolerance. */
class DtypeAndShardTest {
    static final int[] IDS = {1, 403, 407, 261, 378, 432, 383, 286, 261, 376};

    static float[][] logits(Path dir, int threads) {
        try (LlamaModel m = LlamaModel.load(dir); Session s = Session.open(m, threads)) {
            return s.logitsAtEveryPosition(IDS);
        }
    }

    @ParameterizedTest(name = "{0} in {1} shard(s)")
    @CsvSource({"BF16, 1, 0.25", "F16, 1, 0.02", "F32, 2, 0", "BF16, 3, 0.25"})
    void convertedCheckpointMatchesF32(DType dtype, int shards, double tolerance, @TempDir Path tmp) {
        float[][] f32 = logits(SharedData.embeddedModel(), 1);
        Path dir = CheckpointCopies.copy(SharedData.embeddedModel(), tmp.resolve("m"), dtype, shards);
        float[][] got = logits(dir, 2);
        double maxDiff = 0;
        for (int t = 0; t < IDS.length; t++) {
            for (int v = 0; v < f32[t].length; v++) maxDiff = Math.max(maxDiff, Math.abs(f32[t][v] - got[t][v]));
        }
        if (tolerance == 0) {
            for (int t = 0; t < IDS.length; t++) assertArrayEquals(f32[t], got[t], 0f, "sharded F32 must be bit-identical");
        } else {
            assertTrue(maxDiff <= tolerance, dtype + ": max |delta logit| " + maxDiff + " > " + tolerance);
            assertTrue(maxDiff > 0, dtype + " rounding should change something");
        }
        // and every dtype keeps the thread-count guarantee
        float[][] oneThread = logits(dir, 1);
        for (int t = 0; t < IDS.length; t++) assertArrayEquals(oneThread[t], got[t], 0f, dtype + " 1 vs 2 threads");
    }

    @Test
    void bf16KeepsTheGreedyArgmaxOnTheStory(@TempDir Path tmp) {
        float[][] f32 = logits(SharedData.embeddedModel(), 1);
        float[][] bf16 = logits(CheckpointCopies.copy(SharedData.embeddedModel(), tmp.resolve("b"), DType.BF16, 1), 1);
        int same = 0;
        for (int t = 0; t < IDS.length; t++) {
            if (dev.lancet.runtime.sampling.Sampler.argmax(f32[t]) == dev.lancet.runtime.sampling.Sampler.argmax(bf16[t])) same++;
        }
        assertEquals(IDS.length, same, "argmax agreement");
    }
}
