package dev.lancet.steering.edit;

import dev.lancet.runtime.edit.Site;
import dev.lancet.runtime.model.LlamaModel;
import dev.lancet.runtime.safetensors.SafetensorsFile;
import dev.lancet.runtime.testing.SharedData;
import dev.lancet.steering.testing.TestModels;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * ../shared/reference/edits/stories260K: an edit spec (set, scale on positions, clamp, residual add) and the logits
 * of an independent float64 PyTorch forward with it applied, at every position.
 */
class EditReferenceTest {
    static final double TOLERANCE = 1e-3;
    static LlamaModel model;
    static SafetensorsFile reference;
    static Path dir;

    @BeforeAll
    static void load() {
        dir = SharedData.require("reference/edits/stories260K");
        model = LlamaModel.load(SharedData.require("models/stories260K"));
        reference = SafetensorsFile.open(dir.resolve("reference.safetensors"));
    }

    @AfterAll
    static void close() {
        if (model != null) model.close();
        if (reference != null) reference.close();
    }

    @Test
    void editedLogitsMatchTheIndependentForwardAtEveryPosition() {
        EditPlan plan = EditPlan.read(dir.resolve("edits.json"));
        assertEquals(4, plan.size());
        int[] ids = reference.readInts("ids");
        float[][] got = TestModels.logits(model, plan.bind(model), ids);
        assertWithin(got, reference.readFloats("logits"), "edited");
    }

    @Test
    void uneditedLogitsMatchToo() {
        int[] ids = reference.readInts("ids");
        assertWithin(TestModels.logits(model, null, ids), reference.readFloats("logits_unedited"), "unedited");
    }

    /** The residual add alone differs from the reference's full spec, so check it through the spec minus its other edits. */
    @Test
    void residualAddIsTheOneThatMovesTheLogitsMost() {
        EditPlan plan = EditPlan.read(dir.resolve("edits.json"));
        Edit add = plan.edits().stream().filter(e -> e.site() == Site.RESIDUAL).findFirst().orElseThrow();
        EditPlan others = new EditPlan(plan.edits().stream().filter(e -> e != add).toList(), "others");
        int[] ids = reference.readInts("ids");
        float[][] withoutAdd = TestModels.logits(model, others.bind(model), ids);
        float[] ref = reference.readFloats("logits");
        int vocab = model.config().vocabSize();
        double diff = 0;
        for (int t = 0; t < ids.length; t++) for (int v = 0; v < vocab; v++) diff = Math.max(diff, Math.abs(withoutAdd[t][v] - ref[t * vocab + v]));
        assertTrue(diff > 100 * TOLERANCE, "leaving out the residual add must change the logits visibly, max diff " + diff);
    }

    private void assertWithin(float[][] got, float[] expected, String what) {
        int vocab = model.config().vocabSize();
        for (int t = 0; t < got.length; t++) {
            double maxDiff = 0;
            for (int v = 0; v < vocab; v++) maxDiff = Math.max(maxDiff, Math.abs(got[t][v] - expected[t * vocab + v]));
            assertTrue(maxDiff <= TOLERANCE, what + " position " + t + ": max |delta logit| " + maxDiff);
        }
    }
}
