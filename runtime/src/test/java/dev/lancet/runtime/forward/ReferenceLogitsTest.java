package dev.lancet.runtime.forward;

import dev.lancet.runtime.model.LlamaModel;
import dev.lancet.runtime.safetensors.SafetensorsFile;
import dev.lancet.runtime.testing.SharedData;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * stories260K against ../shared/reference/stories260K: logits at every position from an independent
 * float64 PyTorch forward (agreeing with a llama2.c port to 1.4e-5), and 32-token greedy continuations.
 */
class ReferenceLogitsTest {
    static final double TOLERANCE = 1e-3;
    static LlamaModel model;
    static SafetensorsFile reference;

    @BeforeAll
    static void load() {
        Path ref = SharedData.require("reference/stories260K/reference.safetensors");
        model = LlamaModel.load(SharedData.require("models/stories260K"));
        reference = SafetensorsFile.open(ref);
    }

    @AfterAll
    static void close() {
        if (model != null) model.close();
        if (reference != null) reference.close();
    }

    @ParameterizedTest(name = "case {0}")
    @ValueSource(ints = {0, 1, 2})
    void logitsAtEveryPositionMatchReference(int c) {
        int[] ids = reference.readInts("case" + c + ".ids");
        float[] expected = reference.readFloats("case" + c + ".logits");
        int vocab = model.config().vocabSize();
        try (Session s = Session.open(model, 2)) {
            float[][] got = s.logitsAtEveryPosition(ids);
            for (int t = 0; t < ids.length; t++) {
                double maxDiff = 0;
                int argGot = 0, argRef = 0;
                for (int v = 0; v < vocab; v++) {
                    float r = expected[t * vocab + v];
                    maxDiff = Math.max(maxDiff, Math.abs(got[t][v] - r));
                    if (got[t][v] > got[t][argGot]) argGot = v;
                    if (r > expected[t * vocab + argRef]) argRef = v;
                }
                assertTrue(maxDiff <= TOLERANCE, "case " + c + " position " + t + ": max |delta logit| " + maxDiff);
                assertEquals(argRef, argGot, "case " + c + " position " + t + ": argmax");
            }
        }
    }

    @ParameterizedTest(name = "case {0}")
    @ValueSource(ints = {0, 1, 2})
    void greedyContinuationMatchesReference(int c) {
        int[] ids = reference.readInts("case" + c + ".ids");
        int[] expected = reference.readInts("case" + c + ".greedy");
        try (Session s = Session.open(model, 1)) {
            float[] logits = s.prefill(ids);
            int[] got = new int[expected.length];
            for (int i = 0; i < got.length; i++) {
                int best = 0;
                for (int v = 1; v < logits.length; v++) if (logits[v] > logits[best]) best = v;
                got[i] = best;
                logits = s.next(best, true);
            }
            assertArrayEquals(expected, got, "case " + c + " greedy tokens");
        }
    }
}
