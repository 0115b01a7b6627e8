package dev.lancet.steering.edit;

import dev.lancet.runtime.LancetException;
import dev.lancet.runtime.edit.Site;
import dev.lancet.runtime.gguf.ControlVector;
import dev.lancet.runtime.gguf.GgufWriter;
import dev.lancet.runtime.model.LlamaModel;
import dev.lancet.steering.testing.TestModels;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

import static dev.lancet.steering.testing.TestModels.assertBitIdentical;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** GGUF control vectors: export, read back, bit-identical logits; bad files rejected with the reason. */
class ControlVectorPlansTest {
    static LlamaModel model;
    static int[] ids = TestModels.tokens(10, 4);

    @BeforeAll
    static void load() {
        model = TestModels.stories();
    }

    @AfterAll
    static void close() {
        model.close();
    }

    static float[] vector(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] v = new float[model.config().hiddenSize()];
        for (int i = 0; i < v.length; i++) v[i] = (float) (r.nextDouble() - 0.5);
        return v;
    }

    @Test
    void anExportedControlVectorReadBackGivesBitIdenticalLogits(@TempDir Path tmp) {
        EditPlan plan = EditPlan.of(
                Edit.on(Site.RESIDUAL).layers(1).addVector(vector(1), 1.5f),
                Edit.on(Site.RESIDUAL).layers(3).addVector(vector(2), -0.7f));
        Path file = tmp.resolve("cv.gguf");
        ControlVectorPlans.toControlVector(plan, model.config().numLayers(), "llama").write(file);
        ControlVector back = ControlVector.read(file);
        assertEquals(java.util.List.of(1, 3), back.layers());
        assertEquals("llama", back.modelHint());
        float[][] original = TestModels.logits(model, plan.bind(model), ids);
        float[][] imported = TestModels.logits(model, ControlVectorPlans.toPlan(back).bind(model), ids);
        assertBitIdentical(original, imported, "plan vs its control vector");
        assertTrue(TestModels.maxAbsDiff(original, TestModels.logits(model, null, ids)) > 1e-3);
    }

    @Test
    void exportRefusesWhatAControlVectorCannotSay() {
        int n = model.config().numLayers();
        EditSpecException layer0 = assertThrows(EditSpecException.class, () -> ControlVectorPlans.toControlVector(
                EditPlan.of(Edit.on(Site.RESIDUAL).layers(0).addVector(vector(1), 1f)), n, "llama"));
        assertEquals("layers", layer0.field());
        assertTrue(layer0.getMessage().contains("direction.1"), layer0.getMessage());
        assertEquals("op", assertThrows(EditSpecException.class, () -> ControlVectorPlans.toControlVector(
                EditPlan.of(Edit.on(Site.MLP_NEURONS).layers(1).zero()), n, "llama")).field());
        assertEquals("positions", assertThrows(EditSpecException.class, () -> ControlVectorPlans.toControlVector(
                EditPlan.of(Edit.on(Site.RESIDUAL).layers(1).positions(Positions.of(0)).addVector(vector(1), 1f)), n, "llama")).field());
        assertEquals("layers", assertThrows(EditSpecException.class, () -> ControlVectorPlans.toControlVector(
                EditPlan.of(Edit.on(Site.RESIDUAL).layers(Layers.all()).addVector(vector(1), 1f)), -1, "llama")).field());
    }

    @Test
    void importRejectsDirectionZeroWrongLengthsAndBadHeaders(@TempDir Path tmp) throws Exception {
        Path zero = tmp.resolve("zero.gguf");
        new GgufWriter().put("general.architecture", "controlvector").addTensor("direction.0", vector(1)).addTensor("direction.1", vector(2)).write(zero);
        assertTrue(assertThrows(LancetException.class, () -> ControlVector.read(zero)).getMessage().contains("direction.0"));

        Path mixed = tmp.resolve("mixed.gguf");
        new GgufWriter().put("general.architecture", "controlvector").addTensor("direction.1", vector(1)).addTensor("direction.2", new float[8]).write(mixed);
        assertTrue(assertThrows(LancetException.class, () -> ControlVector.read(mixed)).getMessage().contains("same length"));

        Path narrow = tmp.resolve("narrow.gguf");
        new GgufWriter().put("general.architecture", "controlvector").addTensor("direction.1", new float[32]).write(narrow);
        ControlVector cv = ControlVector.read(narrow);
        assertTrue(assertThrows(LancetException.class, () -> cv.validateFor(model.config().hiddenSize(), model.config().numLayers()))
                .getMessage().contains("hidden size"));
        EditSpecException e = assertThrows(EditSpecException.class, () -> ControlVectorPlans.toPlan(cv).bind(model));
        assertEquals("vector", e.field());

        Path garbage = tmp.resolve("garbage.gguf");
        Files.write(garbage, "GGUF but not really".getBytes());
        assertThrows(LancetException.class, () -> ControlVector.read(garbage));
        Path notGguf = tmp.resolve("plain.gguf");
        Files.write(notGguf, new byte[64]);
        assertThrows(LancetException.class, () -> ControlVector.read(notGguf));
    }
}
