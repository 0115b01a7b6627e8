package dev.lancet.steering.edit;

import dev.lancet.runtime.edit.Site;
import dev.lancet.runtime.forward.Session;
import dev.lancet.runtime.model.LlamaModel;
import dev.lancet.steering.testing.TestModels;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The JSON contract: parsing, writing, and errors that name the edit index and field. */
class EditPlanJsonTest {
    static LlamaModel model;

    @BeforeAll
    static void load() {
        model = TestModels.stories();
    }

    @AfterAll
    static void close() {
        model.close();
    }

    static EditPlan parse(String json) {
        return EditPlanJson.parse(json, "plan.json", null);
    }

    static String one(String edit) {
        return "{\"edits\": [{\"site\": \"mlp.neurons\", \"layers\": [0], \"op\": \"zero\"}, " + edit + "]}";
    }

    @Test
    void theIssueExampleParses() {
        EditPlan p = parse("""
                {"edits": [
                  {"site": "mlp.neurons", "layers": [2], "neurons": [5, 9], "op": "set", "value": 0.0},
                  {"site": "mlp.neurons", "layers": [4], "neurons": [33], "op": "scale", "factor": 3.0, "positions": [0, 1, 2]},
                  {"site": "residual", "layers": "1-3", "op": "add", "vector": [0.1, -0.2], "coefficient": 1.5}
                ]}""");
        assertEquals(3, p.size());
        Edit a = p.edits().get(0), b = p.edits().get(1), c = p.edits().get(2);
        assertEquals(Site.MLP_NEURONS, a.site());
        assertArrayEquals(new int[]{5, 9}, a.neurons());
        assertEquals(new SetOp(0f), a.op());
        assertEquals(new ScaleOp(3f), b.op());
        assertEquals(Positions.of(0, 1, 2), b.positions());
        assertEquals(Layers.range(1, 3), c.layers());
        assertInstanceOf(VectorAddOp.class, c.op());
        assertEquals(1.5f, ((VectorAddOp) c.op()).coefficient());
        assertNull(c.neurons());
    }

    @Test
    void everyOpAndSelectorRoundTrips(@TempDir Path tmp) {
        EditPlan p = EditPlan.builder()
                .add(Edit.on(Site.MLP_NEURONS).layers(0, 2).neurons(1, 2).set(0.1f))
                .add(Edit.on(Site.MLP_NEURONS).layers(Layers.all()).zero())
                .add(Edit.on(Site.MLP_GATE).layers(Layers.range(1, 2)).neurons(3).positions(Positions.prompt()).scale(-2f))
                .add(Edit.on(Site.MLP_UP).layers(1).neurons(3).positions(Positions.generated()).add(1e-7f))
                .add(Edit.on(Site.MLP_NEURONS).layers(1).neurons(3).positions(Positions.from(4)).clamp(null, 0.05f))
                .add(Edit.on(Site.MLP_NEURONS).layers(1).neurons(3).mean(tmp.resolve("s.safetensors")))
                .add(Edit.on(Site.MLP_NEURONS).layers(1).neurons(3).steer(tmp.resolve("s.safetensors"), -1.5f))
                .add(Edit.on(Site.MLP_NEURONS).layers(1).neurons(3, 4).steerTo(0.3f, 0.4f))
                .add(Edit.on(Site.RESIDUAL).layers(1).schedule(1f, 0.5f, 0.25f).addVector(new float[]{0.1f, (float) Math.PI}, 1.5f))
                .add(Edit.on(Site.ATTN_OUT).layers(1).projectOut(new float[]{1f, 2f}))
                .add(Edit.on(Site.MLP_OUT).layers(1).ablateThenAdd(new float[]{1f, 2f}, 0.5f))
                .build();
        EditPlan back = parse(p.toJson());
        assertEquals(p, back);
        Path f = tmp.resolve("plan.json");
        EditPlanJson.write(p, f);
        assertEquals(p, EditPlan.read(f));
    }

    @Test
    void relativeStatsPathsResolveAgainstThePlanFile(@TempDir Path tmp) throws Exception {
        Path f = tmp.resolve("plan.json");
        Files.writeString(f, "{\"edits\": [{\"site\": \"mlp.neurons\", \"layers\": [1], \"op\": \"mean\", \"stats\": \"s.safetensors\"}]}");
        assertEquals(new MeanOp(tmp.toAbsolutePath().resolve("s.safetensors")), EditPlan.read(f).edits().getFirst().op());
    }

    private static EditSpecException rejectParse(String json, int index, String field) {
        EditSpecException e = assertThrows(EditSpecException.class, () -> parse(json));
        assertEquals(index, e.index(), e.getMessage());
        assertEquals(field, e.field(), e.getMessage());
        assertTrue(e.getMessage().startsWith("plan.json: edits[" + index + "]." + field + ": "), e.getMessage());
        return e;
    }

    private static EditSpecException rejectBind(String json, int index, String field) {
        EditPlan p = parse(json);
        EditSpecException e = assertThrows(EditSpecException.class, () -> p.bind(model));
        assertEquals(index, e.index(), e.getMessage());
        assertEquals(field, e.field(), e.getMessage());
        assertTrue(e.getMessage().startsWith("plan.json: edits[" + index + "]." + field + ": "), e.getMessage());
        return e;
    }

    @Test
    void modelIndependentErrorsNameTheEditAndField() {
        assertTrue(rejectParse(one("{\"site\": \"mlp.neuron\", \"layers\": [0], \"op\": \"zero\"}"), 1, "site").getMessage().contains("mlp.neurons"));
        assertTrue(rejectParse(one("{\"site\": \"mlp.neurons\", \"layers\": [0], \"op\": \"zap\"}"), 1, "op").getMessage().contains("unknown op 'zap'"));
        rejectParse(one("{\"site\": \"mlp.neurons\", \"layers\": [0], \"op\": \"set\", \"value\": NaN}"), 1, "value");
        rejectParse(one("{\"site\": \"mlp.neurons\", \"layers\": [0], \"op\": \"scale\", \"factor\": Infinity}"), 1, "factor");
        rejectParse(one("{\"site\": \"mlp.neurons\", \"layers\": [0], \"op\": \"scale\", \"factor\": 1e39}"), 1, "factor");
        rejectParse(one("{\"site\": \"residual\", \"layers\": [0], \"op\": \"add\", \"vector\": [1, -Infinity]}"), 1, "vector");
        rejectParse(one("{\"site\": \"mlp.neurons\", \"layers\": [0], \"op\": \"set\", \"value\": 1, \"factr\": 2}"), 1, "factr");
        assertTrue(rejectParse(one("{\"site\": \"mlp.neurons\", \"layers\": [0], \"op\": \"set\", \"value\": 1, \"factor\": 2}"), 1, "factor")
                .getMessage().contains("does not apply to op 'set'"));
        rejectParse(one("{\"site\": \"mlp.neurons\", \"layers\": [0], \"op\": \"set\"}"), 1, "value");
        rejectParse(one("{\"site\": \"mlp.neurons\", \"op\": \"zero\"}"), 1, "layers");
        rejectParse(one("{\"site\": \"mlp.neurons\", \"layers\": [1, 1], \"op\": \"zero\"}"), 1, "layers");
        rejectParse(one("{\"site\": \"mlp.neurons\", \"layers\": \"3-1\", \"op\": \"zero\"}"), 1, "layers");
        rejectParse(one("{\"site\": \"mlp.neurons\", \"layers\": [0], \"neurons\": [-1], \"op\": \"zero\"}"), 1, "neurons");
        rejectParse(one("{\"site\": \"mlp.neurons\", \"layers\": [0], \"neurons\": [2.5], \"op\": \"zero\"}"), 1, "neurons");
        rejectParse(one("{\"site\": \"residual\", \"layers\": [0], \"neurons\": [1], \"op\": \"project_out\", \"vector\": [1]}"), 1, "neurons");
        rejectParse(one("{\"site\": \"residual\", \"layers\": [0], \"op\": \"project_out\", \"vector\": [0, 0]}"), 1, "vector");
        rejectParse(one("{\"site\": \"mlp.neurons\", \"layers\": [0], \"op\": \"zero\", \"positions\": \"later\"}"), 1, "positions");
        rejectParse(one("{\"site\": \"mlp.neurons\", \"layers\": [0], \"op\": \"zero\", \"positions\": {\"to\": 3}}"), 1, "positions");
        rejectParse(one("{\"site\": \"mlp.neurons\", \"layers\": [0], \"op\": \"zero\", \"schedule\": [1, NaN]}"), 1, "schedule");
        rejectParse(one("{\"site\": \"mlp.neurons\", \"layers\": [0], \"op\": \"clamp\", \"min\": 2, \"max\": 1}"), 1, "min");
        rejectParse(one("{\"site\": \"mlp.neurons\", \"layers\": [0], \"op\": \"steer\", \"k\": 2}"), 1, "stats");
        assertThrows(EditSpecException.class, () -> parse("{\"edits\": [}"));
        assertThrows(EditSpecException.class, () -> parse("{\"edit\": []}"));
    }

    @Test
    void modelDependentErrorsNameTheEditAndFieldBeforeAnythingRuns(@TempDir Path tmp) {
        assertTrue(rejectBind(one("{\"site\": \"mlp.neurons\", \"layers\": [5], \"op\": \"zero\"}"), 1, "layers").getMessage().contains("5 layers"));
        assertTrue(rejectBind(one("{\"site\": \"mlp.neurons\", \"layers\": [0], \"neurons\": [172], \"op\": \"zero\"}"), 1, "neurons").getMessage().contains("0..171"));
        rejectBind(one("{\"site\": \"residual\", \"layers\": [0], \"neurons\": [64], \"op\": \"set\", \"value\": 1}"), 1, "neurons");
        assertTrue(rejectBind(one("{\"site\": \"residual\", \"layers\": [0], \"op\": \"add\", \"vector\": [1, 2]}"), 1, "vector").getMessage().contains("64"));
        rejectBind(one("{\"site\": \"mlp.neurons\", \"layers\": [0], \"op\": \"add\", \"vector\": [1, 2]}"), 1, "vector");
        String missing = tmp.resolve("missing.safetensors").toString().replace("\\", "\\\\");
        assertTrue(rejectBind(one("{\"site\": \"mlp.neurons\", \"layers\": [0], \"op\": \"mean\", \"stats\": \"" + missing + "\"}"), 1, "stats")
                .getMessage().contains("does not exist"));
        rejectBind(one("{\"site\": \"mlp.neurons\", \"layers\": [0], \"neurons\": [1, 2], \"op\": \"steer\", \"values\": [1]}"), 1, "values");

        // A failed bind leaves a session exactly as it was.
        int[] ids = TestModels.tokens(5, 1);
        try (Session s = Session.open(model, 1, ids.length)) {
            EditPlan bad = parse(one("{\"site\": \"mlp.neurons\", \"layers\": [9], \"op\": \"zero\"}"));
            assertThrows(EditSpecException.class, () -> s.setEditStage(bad.bind(model)));
            assertNull(s.editStage());
            TestModels.assertBitIdentical(TestModels.logits(model, null, ids), s.logitsAtEveryPosition(ids), "after a failed bind");
        }
    }

    @Test
    void cliSelectorFormsParse() {
        assertEquals(Layers.all(), Layers.parse("all"));
        assertArrayEquals(new int[]{1, 2, 3}, Layers.parse("1-3").resolve(5));
        assertArrayEquals(new int[]{4, 0}, Layers.parse("4,0").resolve(5));
        assertEquals(Positions.from(3), Positions.parse("from:3"));
        assertEquals(Positions.of(2, 0), Positions.parse("0,2"));
        assertThrows(IllegalArgumentException.class, () -> Positions.parse("soon"));
        assertThrows(IllegalArgumentException.class, () -> Layers.parse("x"));
    }
}
