package dev.lancet.runtime.forward;

import dev.lancet.runtime.model.LlamaModel;
import dev.lancet.runtime.model.LoadOptions;
import dev.lancet.runtime.tensor.Matrix;
import dev.lancet.runtime.tensor.MatrixLoader;
import dev.lancet.runtime.testing.SharedData;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** Determinism and cache properties on the embedded stories260K (always present). */
class ForwardPropertiesTest {
    static final int[] IDS = {1, 403, 407, 261, 378, 432, 383, 286, 261, 376, 298, 315, 421, 395, 317, 426};
    static LlamaModel model;

    @BeforeAll
    static void load() {
        model = LlamaModel.load(SharedData.embeddedModel());
    }

    @AfterAll
    static void close() {
        model.close();
    }

    private static float[][] run(int threads) {
        try (Session s = Session.open(model, threads)) {
            return s.logitsAtEveryPosition(IDS);
        }
    }

    @Test
    void logitsAreBitIdenticalForAnyThreadCount() {
        float[][] one = run(1);
        for (int threads : new int[]{2, 3, 5}) {
            float[][] many = run(threads);
            for (int t = 0; t < IDS.length; t++) {
                assertArrayEquals(one[t], many[t], 0f, "position " + t + " with " + threads + " threads");
                for (int v = 0; v < one[t].length; v++) {
                    assertEquals(Float.floatToRawIntBits(one[t][v]), Float.floatToRawIntBits(many[t][v]));
                }
            }
        }
    }

    /**
     * Reading in place (through a plain view of the mapping), copying into memory and keeping the mapped
     * segment are three ways to hold the same bytes: in-place and copied logits are the same bits, and the
     * view reads every element the mapping holds.
     */
    @Test
    void weightsInPlaceCopiedOrMappedGiveTheSameBits() {
        float[][] inPlace = run(2);
        try (LlamaModel copied = LlamaModel.load(SharedData.embeddedModel(), LoadOptions.DEFAULT.copied());
             Session s = Session.open(copied, 2)) {
            float[][] c = s.logitsAtEveryPosition(IDS);
            for (int t = 0; t < IDS.length; t++) assertArrayEquals(inPlace[t], c[t], 0f, "copied, position " + t);
        }
        try (Arena arena = Arena.ofConfined()) {
            // the view is over the same address as the mapping, and lives as long as the model's arena
            Matrix mapped = MatrixLoader.wrap("q", model.checkpoint().info("model.layers.0.self_attn.q_proj.weight").dtype(),
                    model.checkpoint().data("model.layers.0.self_attn.q_proj.weight"), model.layer(0).wq().rows(), model.layer(0).wq().cols());
            Matrix view = MatrixLoader.plainView(mapped, arena);
            for (int r = 0; r < mapped.rows(); r += 7) {
                for (int c = 0; c < mapped.cols(); c += 5) {
                    assertEquals(Float.floatToRawIntBits(mapped.get(r, c)), Float.floatToRawIntBits(view.get(r, c)));
                    assertEquals(Float.floatToRawIntBits(mapped.get(r, c)), Float.floatToRawIntBits(model.layer(0).wq().get(r, c)));
                }
            }
        }
    }

    @Test
    void incrementalDecodingEqualsFullRecomputeOfEachPrefix() {
        float[][] incremental = run(2);
        for (int len = 1; len <= IDS.length; len++) {
            int[] prefix = java.util.Arrays.copyOf(IDS, len);
            try (Session fresh = Session.open(model, 1)) {
                float[][] full = fresh.logitsAtEveryPosition(prefix);
                assertArrayEquals(full[len - 1], incremental[len - 1], 0f, "prefix of length " + len);
            }
        }
    }

    @Test
    void rewindThenReplayGivesTheSameLogits() {
        try (Session s = Session.open(model, 2)) {
            s.prefill(java.util.Arrays.copyOf(IDS, 8));
            float[] a = s.next(IDS[8], false).clone();
            s.rewind(8);
            float[] b = s.next(IDS[8], false).clone();
            assertArrayEquals(a, b, 0f);
            s.rewind(8);
            float[] c = s.next(IDS[9], false).clone();
            assertNotEquals(a[0], c[0], "a different token must give different logits");
        }
    }

    @Test
    void sessionsOnOneModelRunConcurrently() throws Exception {
        float[][] expected = run(1);
        Thread[] threads = new Thread[3];
        float[][][] results = new float[threads.length][][];
        for (int i = 0; i < threads.length; i++) {
            final int k = i;
            threads[i] = new Thread(() -> results[k] = run(1 + k % 2));
            threads[i].start();
        }
        for (Thread t : threads) t.join();
        for (float[][] r : results) for (int t = 0; t < IDS.length; t++) assertArrayEquals(expected[t], r[t], 0f);
    }

    @Test
    void noEditStageByDefault() {
        try (Session s = Session.open(model, 1)) {
            assertNull(s.editStage());
        }
    }
}
