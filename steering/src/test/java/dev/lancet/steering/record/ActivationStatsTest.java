package dev.lancet.steering.record;

import dev.lancet.runtime.edit.Site;
import dev.lancet.runtime.model.LlamaModel;
import dev.lancet.runtime.safetensors.DType;
import dev.lancet.runtime.safetensors.SafetensorsWriter;
import dev.lancet.steering.edit.Layers;
import dev.lancet.steering.edit.Positions;
import dev.lancet.steering.testing.TestModels;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Recording: Welford statistics against a direct two-pass computation over the raw activations, merges, files and
 * thread-count independence.
 */
class ActivationStatsTest {
    static LlamaModel model;
    static List<ActivationRecording.Example> examples = new ArrayList<>();
    static final RecordSpec SPEC = new RecordSpec(List.of(Site.MLP_NEURONS, Site.RESIDUAL), Layers.of(0, 3), Positions.all(), null, null);

    @BeforeAll
    static void load() {
        model = TestModels.stories();
        for (int i = 0; i < 7; i++) examples.add(ActivationRecording.Example.of(TestModels.tokens(5 + 3 * i, 100 + i)));
    }

    @AfterAll
    static void close() {
        model.close();
    }

    /** Every raw row of every example at the chosen positions, per block, by running a recorder with raw rows only. */
    static List<float[]> rawRows(StatsKey key, List<ActivationRecording.Example> exs, Positions positions) {
        List<float[]> rows = new ArrayList<>();
        int width = key.site().isNeuronSite() ? model.config().intermediateSize() : model.config().hiddenSize();
        for (ActivationRecording.Example ex : exs) {
            ActivationRecorder rec = new ActivationRecorder(model.config(), List.of(key.site()), new int[]{key.layer()});
            rec.start(Positions.of(100_000), positions);
            TestModels.logits(model, rec, ex.ids());
            float[] r = rec.rawRows(0);
            for (int i = 0; i < r.length / width; i++) rows.add(java.util.Arrays.copyOfRange(r, i * width, (i + 1) * width));
        }
        return rows;
    }

    @Test
    void statisticsEqualADirectTwoPassComputation() {
        ActivationStats stats = ActivationRecording.record(model, examples, SPEC, 1);
        for (StatsKey key : stats.keys()) {
            List<float[]> rows = rawRows(key, examples, Positions.all());
            NeuronStats s = stats.get(key.site(), key.layer());
            assertEquals(rows.size(), s.count(), key + " count");
            for (int j = 0; j < s.width(); j++) {
                double sum = 0;
                float min = Float.POSITIVE_INFINITY, max = Float.NEGATIVE_INFINITY;
                for (float[] r : rows) {
                    sum += r[j];
                    min = Math.min(min, r[j]);
                    max = Math.max(max, r[j]);
                }
                double mean = sum / rows.size(), ss = 0;
                for (float[] r : rows) ss += (r[j] - mean) * (r[j] - mean);
                assertRelative(mean, s.mean(j), key + " mean " + j);
                assertRelative(ss, s.m2(j), key + " m2 " + j);
                assertRelative(ss / rows.size(), s.variance(j), key + " variance " + j);
                assertEquals(min, s.min(j), key + " min " + j);
                assertEquals(max, s.max(j), key + " max " + j);
            }
        }
    }

    /** |a - b| <= 1e-6 * max(|a|, |b|), with an absolute floor for values that are zero up to rounding. */
    static void assertRelative(double expected, double actual, String what) {
        double tol = 1e-6 * Math.max(Math.abs(expected), Math.abs(actual)) + 1e-12;
        assertTrue(Math.abs(expected - actual) <= tol, what + ": " + expected + " vs " + actual);
    }

    @Test
    void mergingTwoHalvesEqualsOnePass(@TempDir Path tmp) {
        ActivationStats whole = ActivationRecording.record(model, examples, SPEC, 1);
        ActivationStats a = ActivationRecording.record(model, examples.subList(0, 3), SPEC, 1);
        ActivationStats b = ActivationRecording.record(model, examples.subList(3, examples.size()), SPEC, 1);
        a.write(tmp.resolve("a.safetensors"));
        b.write(tmp.resolve("b.safetensors"));
        ActivationStats merged = ActivationStats.mergeFiles(List.of(tmp.resolve("a.safetensors"), tmp.resolve("b.safetensors")));
        for (StatsKey k : whole.keys()) {
            NeuronStats w = whole.get(k.site(), k.layer()), m = merged.get(k.site(), k.layer());
            assertEquals(w.count(), m.count());
            for (int j = 0; j < w.width(); j++) {
                assertEquals(w.mean(j), m.mean(j), 1e-12 * Math.max(1, Math.abs(w.mean(j))), k + " mean " + j);
                assertEquals(w.m2(j), m.m2(j), 1e-9 * Math.max(1, w.m2(j)), k + " m2 " + j);
                assertEquals(w.min(j), m.min(j));
                assertEquals(w.max(j), m.max(j));
            }
        }
    }

    @Test
    void statisticsAreBitIdenticalWhateverTheThreadCount() {
        ActivationStats one = ActivationRecording.record(model, examples, SPEC, 1);
        for (int threads : new int[]{2, 3, 8}) {
            assertTrue(one.sameBits(ActivationRecording.record(model, examples, SPEC, threads)), threads + " threads");
        }
    }

    @Test
    void filesRoundTripBitForBit(@TempDir Path tmp) {
        ActivationStats s = ActivationRecording.record(model, examples.subList(0, 2), SPEC, 1);
        s.putMetadata("model", "stories260K");
        Path f = tmp.resolve("s.safetensors");
        s.write(f);
        ActivationStats back = ActivationStats.read(f);
        assertTrue(s.sameBits(back));
        assertEquals(s.keys(), back.keys());
        assertEquals("stories260K", back.metadata().get("model"));
    }

    @Test
    void perExampleMeansAverageTheSelectedPositionsOfEachExample() {
        List<ActivationRecording.Example> exs = List.of(
                new ActivationRecording.Example(TestModels.tokens(9, 1), Positions.from(4)),
                new ActivationRecording.Example(TestModels.tokens(6, 2), Positions.of(1, 5)));
        RecordSpec spec = RecordSpec.of(Site.MLP_NEURONS, Layers.of(1, 2));
        float[][] means = ActivationRecording.perExampleMeans(model, exs, spec, 2);
        int ffn = model.config().intermediateSize();
        assertEquals(2, means.length);
        assertEquals(2 * ffn, means[0].length);
        for (int e = 0; e < exs.size(); e++) {
            for (int li = 0; li < 2; li++) {
                List<float[]> rows = rawRows(new StatsKey(Site.MLP_NEURONS, 1 + li), List.of(exs.get(e)), exs.get(e).positions());
                assertEquals(e == 0 ? 5 : 2, rows.size());
                for (int j = 0; j < ffn; j++) {
                    double sum = 0;
                    for (float[] r : rows) sum += r[j];
                    assertEquals((float) (sum / rows.size()), means[e][li * ffn + j], 1e-6f * Math.max(1f, Math.abs(means[e][li * ffn + j])));
                }
            }
        }
        List<ActivationRecording.Example> empty = List.of(new ActivationRecording.Example(TestModels.tokens(3, 1), Positions.from(7)));
        assertTrue(assertThrows(StatsException.class, () -> ActivationRecording.perExampleMeans(model, empty, spec, 1))
                .getMessage().contains("example 0"));
    }

    @Test
    void rawShardsHoldTheActivationsWithTheirExampleAndPosition(@TempDir Path tmp) {
        RecordSpec spec = RecordSpec.of(Site.RESIDUAL, Layers.of(2)).withRaw(Positions.of(0, 2));
        List<ActivationRecording.Example> exs = examples.subList(0, 3);
        RawShardWriter w = new RawShardWriter(tmp, 4, List.of(new StatsKey(Site.RESIDUAL, 2)), new int[]{model.config().hiddenSize()});
        ActivationRecording.run(model, exs, spec, 2, false, w, null);
        w.close();
        assertEquals(2, w.files().size(), "6 rows in shards of 4");
        try (var f0 = dev.lancet.runtime.safetensors.SafetensorsFile.open(w.files().get(0));
             var f1 = dev.lancet.runtime.safetensors.SafetensorsFile.open(w.files().get(1))) {
            assertArrayEquals(new int[]{0, 0, 1, 1}, f0.readInts("example"));
            assertArrayEquals(new int[]{0, 2, 0, 2}, f0.readInts("position"));
            assertArrayEquals(new int[]{2, 2}, f1.readInts("example"));
            float[] rows = f1.readFloats("layers.2.residual");
            float[] expected = rawRows(new StatsKey(Site.RESIDUAL, 2), List.of(exs.get(2)), Positions.of(0, 2)).get(1);
            assertArrayEquals(expected, java.util.Arrays.copyOfRange(rows, expected.length, 2 * expected.length));
        }
    }

    @Test
    void badStatisticsFilesAreRejectedNamingTheProblem(@TempDir Path tmp) {
        Path notStats = tmp.resolve("x.safetensors");
        new SafetensorsWriter().add("w", DType.F32, new float[]{1f}, 1).write(notStats);
        assertTrue(assertThrows(StatsException.class, () -> ActivationStats.read(notStats)).getMessage().contains("not a Lancet statistics file"));

        Path wrongDtype = tmp.resolve("y.safetensors");
        SafetensorsWriter w = new SafetensorsWriter().metadata("format", ActivationStats.FORMAT).metadata("version", "1");
        w.add("layers.0.mlp.neurons.count", DType.F32, new float[]{1f}, 1);
        w.write(wrongDtype);
        assertTrue(assertThrows(StatsException.class, () -> ActivationStats.read(wrongDtype)).getMessage().contains("dtype"));

        Path missing = tmp.resolve("z.safetensors");
        new SafetensorsWriter().metadata("format", ActivationStats.FORMAT).metadata("version", "1")
                .addRaw("layers.0.mlp.neurons.count", DType.I64, new byte[8], 1).write(missing);
        assertTrue(assertThrows(StatsException.class, () -> ActivationStats.read(missing)).getMessage().contains("layers.0.mlp.neurons.mean"));
    }
}
