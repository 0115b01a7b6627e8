package dev.lancet.steering.edit;

import dev.lancet.runtime.edit.Site;
import dev.lancet.runtime.forward.Session;
import dev.lancet.runtime.model.LlamaModel;
import dev.lancet.steering.testing.TestModels;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static dev.lancet.steering.testing.TestModels.assertBitIdentical;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Position selectors and schedules. An edit on the last layer's MLP cannot reach other positions (attention reads
 * that layer's input, not its MLP output), so with the edit on chosen positions exactly those logits change.
 */
class EditSelectorsTest {
    static LlamaModel model;
    static int last;
    static int[] ids = TestModels.tokens(12, 9);
    static float[][] plain;

    @BeforeAll
    static void load() {
        model = TestModels.stories();
        last = model.config().numLayers() - 1;
        plain = TestModels.logits(model, null, ids);
    }

    @AfterAll
    static void close() {
        model.close();
    }

    static Edit.Builder lastLayer() {
        return Edit.on(Site.MLP_NEURONS).layers(last).neurons(1, 2, 3, 4);
    }

    private void assertOnlyPositionsChange(Positions p, boolean[] expectChanged) {
        float[][] got = TestModels.logits(model, EditPlan.of(lastLayer().positions(p).scale(4f)).bind(model), ids);
        for (int t = 0; t < ids.length; t++) {
            boolean changed = false;
            for (int v = 0; v < got[t].length; v++) changed |= Float.floatToRawIntBits(got[t][v]) != Float.floatToRawIntBits(plain[t][v]);
            assertTrue(changed == expectChanged[t], p + ": position " + t + (expectChanged[t] ? " should" : " should not") + " change");
        }
    }

    @Test
    void aListEditsExactlyThosePositions() {
        boolean[] e = new boolean[ids.length];
        e[0] = e[1] = e[2] = e[7] = true;
        assertOnlyPositionsChange(Positions.of(0, 1, 2, 7), e);
    }

    @Test
    void fromEditsEveryLaterPosition() {
        boolean[] e = new boolean[ids.length];
        for (int t = 5; t < e.length; t++) e[t] = true;
        assertOnlyPositionsChange(Positions.from(5), e);
    }

    @Test
    void promptAndGeneratedSelectByHowTheTokenWasFed() {
        for (Positions p : new Positions[]{Positions.prompt(), Positions.generated()}) {
            try (Session s = Session.open(model, 1, 8)) {
                s.setEditStage(EditPlan.of(lastLayer().positions(p).scale(4f)).bind(model));
                float[] promptLogits = s.prefill(new int[]{ids[0], ids[1], ids[2]}).clone();
                float[] generatedLogits = s.next(ids[3], true).clone();
                boolean promptEdited = !java.util.Arrays.equals(promptLogits, plain[2]);
                boolean generatedEdited = !java.util.Arrays.equals(generatedLogits, plain[3]);
                assertTrue(promptEdited == (p == Positions.prompt()), p + ": prompt token edited? " + promptEdited);
                assertTrue(generatedEdited == (p == Positions.generated()), p + ": generated token edited? " + generatedEdited);
            }
        }
    }

    /** Schedule [0, 1]: nothing during the prompt (step 0), the full edit from the first generated token on. */
    @Test
    void scheduleStepsFollowGeneratedTokens() {
        float[] v = new float[model.config().hiddenSize()];
        for (int i = 0; i < v.length; i++) v[i] = (float) Math.sin(i);
        EditPlan scheduled = EditPlan.of(Edit.on(Site.RESIDUAL).layers(1).schedule(0f, 1f).addVector(v, 2f));
        EditPlan full = EditPlan.of(Edit.on(Site.RESIDUAL).layers(1).addVector(v, 2f));
        int[] prompt = {ids[0], ids[1], ids[2]};
        float[] a, b, c;
        try (Session s = Session.open(model, 1, 8)) {
            s.setEditStage(scheduled.bind(model));
            a = s.prefill(prompt).clone();
            b = s.next(ids[3], true).clone();
        }
        assertArrayEquals(plain[2], a, 0f, "step 0 has strength 0: the prompt is unedited");
        try (Session s = Session.open(model, 1, 8)) {
            s.setEditStage(EditPlan.of(Edit.on(Site.RESIDUAL).layers(1).positions(Positions.generated()).addVector(v, 2f)).bind(model));
            s.prefill(prompt);
            c = s.next(ids[3], true).clone();
        }
        assertArrayEquals(c, b, 0f, "step 1 has strength 1: the same as the unscheduled edit on generated tokens");
        assertFalse(java.util.Arrays.equals(b, plain[3]));
        // A constant schedule s scales a vector add's coefficient: x + s (w) == x + (s c) v up to rounding.
        float[][] half = TestModels.logits(model, EditPlan.of(Edit.on(Site.RESIDUAL).layers(1).schedule(0.5f).addVector(v, 2f)).bind(model), ids);
        float[][] coef = TestModels.logits(model, EditPlan.of(Edit.on(Site.RESIDUAL).layers(1).addVector(v, 1f)).bind(model), ids);
        assertTrue(TestModels.maxAbsDiff(half, coef) < 1e-5, "schedule 0.5 x coefficient 2 vs coefficient 1");
        assertBitIdentical(TestModels.logits(model, full.bind(model), ids),
                TestModels.logits(model, EditPlan.of(Edit.on(Site.RESIDUAL).layers(1).schedule(1f).addVector(v, 2f)).bind(model), ids), "schedule 1");
    }

    @Test
    void editsOnOneSiteApplyInListedOrder() {
        // (h + 1) * 2 differs from h * 2 + 1: the order must show.
        Edit add = lastLayer().add(1f), scale = lastLayer().scale(2f);
        float[][] addThenScale = TestModels.logits(model, EditPlan.of(add, scale).bind(model), ids);
        float[][] scaleThenAdd = TestModels.logits(model, EditPlan.of(scale, add).bind(model), ids);
        float[][] oracle = TestModels.logits(model, EditPlan.of(scale, lastLayer().add(2f)).bind(model), ids);
        assertTrue(TestModels.maxAbsDiff(addThenScale, scaleThenAdd) > 1e-4);
        assertTrue(TestModels.maxAbsDiff(addThenScale, oracle) < 1e-5, "(h + 1) * 2 == 2h + 2");
    }
}
