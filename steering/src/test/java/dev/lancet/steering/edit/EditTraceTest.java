package dev.lancet.steering.edit;

import dev.lancet.runtime.edit.EditStages;
import dev.lancet.runtime.edit.Site;
import dev.lancet.runtime.forward.Session;
import dev.lancet.runtime.model.LlamaModel;
import dev.lancet.steering.edit.trace.EditTrace;
import dev.lancet.steering.edit.trace.LogitChange;
import dev.lancet.steering.edit.trace.TraceEntry;
import dev.lancet.steering.edit.trace.TraceReport;
import dev.lancet.steering.record.ActivationRecorder;
import dev.lancet.steering.testing.TestModels;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Traces: changed neurons with old/new values, the residual change from the sparse change, logit changes. */
class EditTraceTest {
    static final int LAYER = 1;
    static LlamaModel model;
    static int[] ids = TestModels.tokens(6, 3);

    @BeforeAll
    static void load() {
        model = TestModels.stories();
    }

    @AfterAll
    static void close() {
        model.close();
    }

    /** mlp.out activations of LAYER at every position, with {@code plan} applied (null: none). */
    static float[] mlpOut(EditPlan plan) {
        ActivationRecorder rec = new ActivationRecorder(model.config(), List.of(Site.MLP_OUT), new int[]{LAYER});
        rec.start(Positions.all(), Positions.all());
        TestModels.logits(model, EditStages.chain(plan == null ? List.of(rec) : List.of(plan.bind(model), rec)), ids);
        return rec.rawRows(0);
    }

    @Test
    void residualChangeOfANeuronEditEqualsTheObservedChangeOfMlpOut() {
        EditPlan plan = EditPlan.of(Edit.on(Site.MLP_NEURONS).layers(LAYER).neurons(4, 40, 100).positions(Positions.of(2, 4)).set(0.5f));
        EditTrace trace = new EditTrace();
        TestModels.logits(model, plan.bind(model, trace), ids);
        List<TraceEntry> entries = trace.entries();
        assertEquals(2, entries.size(), "one entry per edited position");
        float[] before = mlpOut(null), after = mlpOut(plan);
        int hidden = model.config().hiddenSize();
        for (TraceEntry e : entries) {
            assertEquals(Site.MLP_NEURONS, e.site());
            assertEquals("set", e.op());
            assertArrayEquals(new int[]{4, 40, 100}, e.neurons());
            for (float v : e.after()) assertEquals(0.5f, v);
            double[] dh = e.deltaH();
            for (int i = 0; i < dh.length; i++) assertEquals((double) e.after()[i] - e.before()[i], dh[i]);
            for (int i = 0; i < hidden; i++) {
                double observed = (double) after[e.position() * hidden + i] - before[e.position() * hidden + i];
                assertEquals(observed, e.residualChange()[i], 2e-6, "position " + e.position() + " dim " + i);
            }
            assertTrue(e.residualChangeNorm() > 1e-4);
        }
    }

    @Test
    void unchangedNeuronsAreLeftOutAndGateEditsHaveNoLinearResidualChange() {
        EditTrace trace = new EditTrace();
        EditPlan plan = EditPlan.of(
                Edit.on(Site.MLP_NEURONS).layers(LAYER).neurons(4, 5).positions(Positions.of(0)).clamp(-1e9f, 1e9f),
                Edit.on(Site.MLP_GATE).layers(LAYER).neurons(9).positions(Positions.of(0)).set(1f));
        TestModels.logits(model, plan.bind(model, trace), ids);
        List<TraceEntry> entries = trace.entries();
        assertEquals(2, entries.size());
        TraceEntry gate = entries.stream().filter(e -> e.site() == Site.MLP_GATE).findFirst().orElseThrow();
        TraceEntry clamp = entries.stream().filter(e -> e.site() == Site.MLP_NEURONS).findFirst().orElseThrow();
        assertEquals(0, clamp.neurons().length, "a clamp that never binds changes nothing");
        assertArrayEquals(new int[]{9}, gate.neurons());
        assertNull(gate.residualChange());
    }

    @Test
    void logitChangesCompareWithAnUneditedRunOfTheSameTokens() {
        float[] v = new float[model.config().hiddenSize()];
        v[3] = 2f;
        EditPlan plan = EditPlan.of(Edit.on(Site.RESIDUAL).layers(3).addVector(v, 1f));
        float[][] plain = TestModels.logits(model, null, ids);
        TraceReport.Traced t;
        try (Session s = Session.open(model, 1, ids.length)) {
            t = TraceReport.run(s, plan, ids, 0, 3);
        }
        List<LogitChange> changes = t.report().logits();
        assertEquals(ids.length, changes.size());
        TestModels.assertBitIdentical(TestModels.logits(model, plan.bind(model), ids), t.editedLogits(), "edited logits");
        for (LogitChange c : changes) {
            float[] e = t.editedLogits()[c.position()], u = plain[c.position()];
            assertEquals(3, c.up().size());
            double best = Double.NEGATIVE_INFINITY, max = 0;
            for (int k = 0; k < e.length; k++) {
                best = Math.max(best, (double) e[k] - u[k]);
                max = Math.max(max, Math.abs((double) e[k] - u[k]));
            }
            assertEquals(best, c.up().getFirst().change());
            assertEquals(max, c.maxAbsChange());
            assertEquals(u[c.up().getFirst().token()], c.up().getFirst().unedited());
            assertTrue(c.down().getFirst().change() < 0);
            // The residual entry's change is the added vector itself.
        }
        TraceEntry first = t.report().edits().getFirst();
        assertArrayEquals(new int[]{3}, first.neurons());
        assertEquals(2.0, first.residualChange()[3], 1e-6);
        assertTrue(t.report().toJson().get("edits").get(0).has("delta_h"));
    }
}
