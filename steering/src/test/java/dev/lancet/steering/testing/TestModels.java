package dev.lancet.steering.testing;

import dev.lancet.runtime.edit.EditStage;
import dev.lancet.runtime.forward.Session;
import dev.lancet.runtime.model.LlamaModel;
import dev.lancet.runtime.testing.SharedData;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/** The embedded stories260K model and helpers to run it with a stage and compare logits. */
public final class TestModels {
    private TestModels() {
    }

    public static LlamaModel stories() {
        return LlamaModel.load(SharedData.embeddedModel());
    }

    /** BOS then {@code n - 1} seeded random ids of the 512-token vocabulary. */
    public static int[] tokens(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int[] ids = new int[n];
        ids[0] = 1;
        for (int i = 1; i < n; i++) ids[i] = 3 + r.nextInt(509);
        return ids;
    }

    /** Logits at every position with {@code stage} attached (null: none). */
    public static float[][] logits(LlamaModel model, EditStage stage, int[] ids) {
        return logits(model, stage, ids, 1);
    }

    public static float[][] logits(LlamaModel model, EditStage stage, int[] ids, int threads) {
        try (Session s = Session.open(model, threads, ids.length)) {
            s.setEditStage(stage);
            return s.logitsAtEveryPosition(ids);
        }
    }

    /** Every logit bit-identical (compared as raw bits). */
    public static void assertBitIdentical(float[][] expected, float[][] actual, String what) {
        assertEquals(expected.length, actual.length, what + ": positions");
        for (int t = 0; t < expected.length; t++) {
            for (int v = 0; v < expected[t].length; v++) {
                if (Float.floatToRawIntBits(expected[t][v]) != Float.floatToRawIntBits(actual[t][v])) {
                    fail(what + ": position " + t + " token " + v + ": " + expected[t][v] + " vs " + actual[t][v]);
                }
            }
        }
    }

    public static double maxAbsDiff(float[][] a, float[][] b) {
        double m = 0;
        for (int t = 0; t < a.length; t++) for (int v = 0; v < a[t].length; v++) m = Math.max(m, Math.abs((double) a[t][v] - b[t][v]));
        return m;
    }
}
