package dev.lancet.steering.edit;

import dev.lancet.runtime.edit.Site;
import dev.lancet.runtime.model.LlamaModel;
import dev.lancet.runtime.safetensors.DType;
import dev.lancet.runtime.safetensors.SafetensorsFile;
import dev.lancet.runtime.safetensors.SafetensorsWriter;
import dev.lancet.runtime.safetensors.TensorInfo;
import dev.lancet.runtime.testing.SharedData;
import dev.lancet.runtime.tensor.Matrix;
import dev.lancet.steering.record.ActivationRecorder;
import dev.lancet.steering.record.ActivationRecording;
import dev.lancet.steering.record.ActivationStats;
import dev.lancet.steering.record.NeuronStats;
import dev.lancet.steering.record.RecordSpec;
import dev.lancet.steering.testing.TestModels;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.UnaryOperator;

import static dev.lancet.steering.testing.TestModels.assertBitIdentical;
import static dev.lancet.steering.testing.TestModels.maxAbsDiff;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Oracles for the neuron ops on mlp.neurons: an edit of neuron j at layer L must equal a model whose down_proj
 * column j is changed accordingly (written by the test), or an equivalent edit at another site.
 */
class NeuronOpOracleTest {
    static final int LAYER = 2, NEURON = 7;
    static LlamaModel model;
    static int[] ids = TestModels.tokens(24, 5);
    static float[][] plain;

    @BeforeAll
    static void load() {
        model = TestModels.stories();
        plain = TestModels.logits(model, null, ids);
    }

    @AfterAll
    static void close() {
        model.close();
    }

    /** A copy of the embedded checkpoint with layer LAYER's down_proj column NEURON mapped by {@code column}. */
    static Path checkpointWithColumn(Path dir, UnaryOperator<Float> column) throws IOException {
        Path src = SharedData.embeddedModel();
        Files.createDirectories(dir);
        Files.copy(src.resolve("config.json"), dir.resolve("config.json"));
        String target = "model.layers." + LAYER + ".mlp.down_proj.weight";
        SafetensorsWriter w = new SafetensorsWriter();
        try (SafetensorsFile f = SafetensorsFile.open(src.resolve("model.safetensors"))) {
            for (TensorInfo t : f.tensors().values()) {
                float[] v = f.readFloats(t.name());
                if (t.name().equals(target)) {
                    int cols = (int) t.shape()[1];
                    for (int r = 0; r < t.shape()[0]; r++) v[r * cols + NEURON] = column.apply(v[r * cols + NEURON]);
                }
                w.add(t.name(), DType.F32, v, t.shape());
            }
        }
        w.write(dir.resolve("model.safetensors"));
        return dir;
    }

    static EditPlan plan(Edit... edits) {
        return EditPlan.of(edits);
    }

    static Edit.Builder neuron() {
        return Edit.on(Site.MLP_NEURONS).layers(LAYER).neurons(NEURON);
    }

    @Test
    void zeroingANeuronEqualsZeroingItsDownProjColumn(@TempDir Path tmp) throws IOException {
        float[][] edited = TestModels.logits(model, plan(neuron().zero()).bind(model), ids);
        try (LlamaModel oracle = LlamaModel.load(checkpointWithColumn(tmp.resolve("zeroed"), x -> 0f))) {
            float[][] expected = TestModels.logits(oracle, null, ids);
            assertBitIdentical(expected, edited, "zero vs zeroed column");
        }
        assertTrue(maxAbsDiff(plain, edited) > 1e-6, "the zeroed neuron must matter");
    }

    @Test
    void scalingANeuronEqualsScalingItsDownProjColumn(@TempDir Path tmp) throws IOException {
        float[][] edited = TestModels.logits(model, plan(neuron().scale(2.5f)).bind(model), ids);
        try (LlamaModel oracle = LlamaModel.load(checkpointWithColumn(tmp.resolve("scaled"), x -> 2.5f * x))) {
            float[][] expected = TestModels.logits(oracle, null, ids);
            double d = maxAbsDiff(expected, edited);
            assertTrue(d < 1e-5, "scale vs scaled column: max diff " + d);
        }
        assertTrue(maxAbsDiff(plain, edited) > 1e-6);
    }

    @Test
    void setZeroIsZero() {
        assertBitIdentical(TestModels.logits(model, plan(neuron().zero()).bind(model), ids),
                TestModels.logits(model, plan(neuron().set(0f)).bind(model), ids), "set 0 vs zero");
    }

    @Test
    void scaleByOneAndAddZeroAreBitIdenticalToNoEdit() {
        assertBitIdentical(plain, TestModels.logits(model, plan(neuron().scale(1f)).bind(model), ids), "scale 1");
        assertBitIdentical(plain, TestModels.logits(model, plan(neuron().add(0f)).bind(model), ids), "add 0");
        Edit everyNeuronEveryLayer = Edit.on(Site.MLP_NEURONS).layers(Layers.all()).scale(1f);
        assertBitIdentical(plain, TestModels.logits(model, plan(everyNeuronEveryLayer).bind(model), ids), "scale 1 everywhere");
    }

    @Test
    void anAttachedButEmptyStageIsBitIdenticalToThePlainRun() {
        assertBitIdentical(plain, TestModels.logits(model, EditPlan.empty().bind(model), ids), "empty plan");
        Edit never = neuron().positions(Positions.of(10_000)).set(5f);
        assertBitIdentical(plain, TestModels.logits(model, plan(never).bind(model), ids), "edit at a position never reached");
        Edit wide = neuron().clamp(-1e30f, 1e30f);
        assertBitIdentical(plain, TestModels.logits(model, plan(wide).bind(model), ids), "clamp that never binds");
    }

    /** h' = h + v on neuron j adds v W_down[:, j] to mlp.out. */
    @Test
    void addingToANeuronEqualsAddingItsDownProjColumnToMlpOut() {
        float v = 0.75f;
        float[][] edited = TestModels.logits(model, plan(neuron().add(v)).bind(model), ids);
        float[][] viaOut = TestModels.logits(model, plan(Edit.on(Site.MLP_OUT).layers(LAYER).addVector(column(), v)).bind(model), ids);
        double d = maxAbsDiff(viaOut, edited);
        assertTrue(d < 1e-5, "neuron add vs mlp.out add: " + d);
        assertTrue(maxAbsDiff(plain, edited) > 1e-4);
    }

    /** set v = zero, then add v. */
    @Test
    void settingANeuronEqualsZeroPlusItsColumnOnMlpOut() {
        float v = -1.25f;
        float[][] edited = TestModels.logits(model, plan(neuron().set(v)).bind(model), ids);
        float[][] oracle = TestModels.logits(model, plan(neuron().zero(),
                Edit.on(Site.MLP_OUT).layers(LAYER).addVector(column(), v)).bind(model), ids);
        double d = maxAbsDiff(oracle, edited);
        assertTrue(d < 1e-5, "set vs zero + mlp.out add: " + d);
    }

    /** mean and steer read a statistics file; they must equal set to the values computed here from the same file. */
    @Test
    void meanAndSteerSetTheRecordedValues(@TempDir Path tmp) {
        List<ActivationRecording.Example> prompts = List.of(ActivationRecording.Example.of(TestModels.tokens(16, 1)),
                ActivationRecording.Example.of(TestModels.tokens(12, 2)));
        ActivationStats stats = ActivationRecording.record(model, prompts, RecordSpec.of(Site.MLP_NEURONS, Layers.of(LAYER)), 1);
        Path file = tmp.resolve("stats.safetensors");
        stats.write(file);
        NeuronStats s = stats.get(Site.MLP_NEURONS, LAYER);
        int[] neurons = {NEURON, 3};
        float[] means = {(float) s.mean(NEURON), (float) s.mean(3)};
        float[] steered = new float[2];
        for (int i = 0; i < 2; i++) steered[i] = (float) (s.mean(neurons[i]) + 2f * Math.sqrt(s.m2(neurons[i]) / s.count()));
        Edit.Builder b = Edit.on(Site.MLP_NEURONS).layers(LAYER).neurons(neurons);
        assertBitIdentical(TestModels.logits(model, plan(b.steerTo(means)).bind(model), ids),
                TestModels.logits(model, plan(b.mean(file)).bind(model), ids), "mean");
        assertBitIdentical(TestModels.logits(model, plan(b.steerTo(steered)).bind(model), ids),
                TestModels.logits(model, plan(b.steer(file, 2f)).bind(model), ids), "steer k = 2");
        float[][] setEach = TestModels.logits(model, plan(
                Edit.on(Site.MLP_NEURONS).layers(LAYER).neurons(NEURON).set(means[0]),
                Edit.on(Site.MLP_NEURONS).layers(LAYER).neurons(3).set(means[1])).bind(model), ids);
        assertBitIdentical(setEach, TestModels.logits(model, plan(b.mean(file)).bind(model), ids), "mean vs set");
    }

    /** Clamping at the neuron's own layer does not change that layer's h, so clamp == set per position to min(h, max). */
    @Test
    void clampEqualsSettingEachPositionToTheClampedValue() {
        ActivationRecorder rec = new ActivationRecorder(model.config(), List.of(Site.MLP_NEURONS), new int[]{LAYER});
        rec.start(Positions.all(), Positions.all());
        TestModels.logits(model, rec, ids);
        float[] rows = rec.rawRows(0);
        int ffn = model.config().intermediateSize();
        float[] h = new float[ids.length];
        for (int p = 0; p < ids.length; p++) h[p] = rows[p * ffn + NEURON];
        float max = median(h);
        EditPlan.Builder perPosition = EditPlan.builder();
        for (int p = 0; p < ids.length; p++) perPosition.add(neuron().positions(Positions.of(p)).set(Math.min(h[p], max)));
        float[][] clamped = TestModels.logits(model, plan(neuron().clamp(null, max)).bind(model), ids);
        assertBitIdentical(TestModels.logits(model, perPosition.build().bind(model), ids), clamped, "clamp vs per-position set");
        assertTrue(maxAbsDiff(plain, clamped) > 0, "the clamp must bind somewhere");
    }

    static float median(float[] v) {
        float[] s = v.clone();
        java.util.Arrays.sort(s);
        return s[s.length / 2];
    }

    static float[] column() {
        Matrix down = model.layer(LAYER).down();
        float[] c = new float[down.rows()];
        for (int i = 0; i < c.length; i++) c[i] = down.get(i, NEURON);
        return c;
    }
}
