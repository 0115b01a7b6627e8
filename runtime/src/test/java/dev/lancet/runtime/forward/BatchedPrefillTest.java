package dev.lancet.runtime.forward;

import dev.lancet.runtime.edit.EditStage;
import dev.lancet.runtime.edit.Site;
import dev.lancet.runtime.model.LlamaModel;
import dev.lancet.runtime.model.LoadOptions;
import dev.lancet.runtime.tensor.WeightFormat;
import dev.lancet.runtime.testing.SharedData;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A prompt pushed through the layers as batches (prefill) gives the same bits as feeding it token by
 * token, in every weight format and for any thread count, with and without an edit stage; and the
 * edit stage sees the documented call order.
 */
class BatchedPrefillTest {
    /** Longer than two prefill batches, so batches meet twice (positions PREFILL_BATCH and 2 * PREFILL_BATCH). */
    static final int[] IDS = randomIds(2 * Session.PREFILL_BATCH + 22, 512, 17);
    static LlamaModel f32;

    @BeforeAll
    static void load() {
        f32 = LlamaModel.load(SharedData.embeddedModel());
    }

    @AfterAll
    static void close() {
        f32.close();
    }

    static int[] randomIds(int n, int vocab, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int[] ids = new int[n];
        for (int i = 0; i < n; i++) ids[i] = r.nextInt(vocab);
        return ids;
    }

    static float[][] tokenByToken(LlamaModel m, int threads, EditStage stage) {
        try (Session s = Session.open(m, threads)) {
            s.setEditStage(stage);
            float[][] out = new float[IDS.length][];
            for (int i = 0; i < IDS.length; i++) out[i] = s.next(IDS[i], false).clone();
            return out;
        }
    }

    static float[][] batched(LlamaModel m, int threads, EditStage stage) {
        try (Session s = Session.open(m, threads)) {
            s.setEditStage(stage);
            return s.logitsAtEveryPosition(IDS);
        }
    }

    static void assertBitIdentical(float[][] a, float[][] b, String what) {
        for (int t = 0; t < a.length; t++) {
            for (int v = 0; v < a[t].length; v++) {
                assertEquals(Float.floatToRawIntBits(a[t][v]), Float.floatToRawIntBits(b[t][v]), what + ": position " + t + " logit " + v);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(WeightFormat.class)
    void batchedPrefillEqualsTokenByTokenInEveryFormat(WeightFormat format) {
        try (LlamaModel m = LlamaModel.load(SharedData.embeddedModel(), LoadOptions.weights(format))) {
            assertEquals(format, m.weightFormat());
            float[][] reference = tokenByToken(m, 1, null);
            assertBitIdentical(reference, batched(m, 1, null), format + " batched, 1 thread");
            assertBitIdentical(reference, batched(m, 3, null), format + " batched, 3 threads");
            assertBitIdentical(reference, tokenByToken(m, 2, null), format + " token by token, 2 threads");
        }
    }

    @Test
    void prefillThenDecodeEqualsTokenByToken() {
        float[][] reference = tokenByToken(f32, 1, null);
        try (Session s = Session.open(f32, 2)) {
            float[] last = s.prefill(Arrays.copyOf(IDS, 140));
            assertArrayEquals(reference[139], last, 0f, "prefill logits");
            for (int i = 140; i < IDS.length; i++) assertArrayEquals(reference[i], s.next(IDS[i], false), 0f, "decode after prefill, position " + i);
        }
    }

    /** Position-dependent edits at three sites, and a log of every call with a checksum of the values it saw. */
    static final class LoggingEdits implements EditStage {
        final List<String> calls = new ArrayList<>();

        @Override
        public void beginToken(int position, boolean generated) {
            calls.add("begin " + position);
        }

        @Override
        public boolean touches(Site site, int layer) {
            return site == Site.MLP_NEURONS || site == Site.RESIDUAL || (site == Site.ATTN_OUT && layer == 1);
        }

        @Override
        public void apply(Site site, int layer, int position, float[] values, int offset, int length) {
            double sum = 0;
            for (int i = 0; i < length; i++) sum += values[offset + i] * (i + 1);
            calls.add(site + " " + layer + " " + position + " " + sum);
            switch (site) {
                case MLP_NEURONS -> values[offset + (position * 7) % length] *= 1.5f + 0.01f * position;
                case RESIDUAL -> values[offset + layer] += 0.05f * (position % 5);
                default -> values[offset] = -values[offset];
            }
        }

        @Override
        public void endToken(int position, float[] logits) {
            calls.add("end " + position + " " + logits[position % logits.length]);
        }

        /** The same calls grouped per position, to compare the two orders. */
        List<String> perPosition() {
            List<String> out = new ArrayList<>(calls);
            out.sort((a, b) -> Integer.compare(position(a), position(b)));
            return out;
        }

        static int position(String call) {
            String[] p = call.split(" ");
            return Integer.parseInt(p[0].equals("begin") || p[0].equals("end") ? p[1] : p[2]);
        }
    }

    @Test
    void editStageSeesTheSameActivationsAndGivesTheSameLogitsBatched() {
        LoggingEdits single = new LoggingEdits(), batch = new LoggingEdits();
        float[][] a = tokenByToken(f32, 1, single);
        float[][] b = batched(f32, 2, batch);
        assertBitIdentical(a, b, "edited logits");
        assertTrue(Math.abs(a[5][0] - tokenByToken(f32, 1, null)[5][0]) > 1e-4, "the edits must change the logits");
        assertEquals(single.perPosition(), batch.perPosition(), "same calls, same values seen, per position");
    }

    @Test
    void batchedCallOrderIsTheDocumentedOne() {
        LoggingEdits e = new LoggingEdits();
        try (Session s = Session.open(f32, 1)) {
            s.setEditStage(e);
            s.prefill(new int[]{1, 403, 407});
        }
        List<String> c = e.calls;
        assertEquals(List.of("begin 0", "begin 1", "begin 2"), c.subList(0, 3));
        // layer 0: mlp.neurons for positions 0, 1, 2, then residual for 0, 1, 2
        assertTrue(c.get(3).startsWith("mlp.neurons 0 0 ") && c.get(4).startsWith("mlp.neurons 0 1 ") && c.get(5).startsWith("mlp.neurons 0 2 "), c.toString());
        assertTrue(c.get(6).startsWith("residual 0 0 ") && c.get(8).startsWith("residual 0 2 "), c.toString());
        assertTrue(c.get(9).startsWith("attn.out 1 0 "), c.toString());
        List<String> ends = c.subList(c.size() - 3, c.size());
        for (int p = 0; p < 3; p++) assertTrue(ends.get(p).startsWith("end " + p + " "), ends.toString());
    }
}
