package dev.lancet.steering.values.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lancet.runtime.model.LlamaModel;
import dev.lancet.steering.values.LocatedNeuron;
import dev.lancet.steering.values.PvqItems;
import dev.lancet.steering.values.SchwartzValue;
import dev.lancet.steering.values.SweepPoint;
import dev.lancet.steering.values.SweepResult;
import dev.lancet.steering.values.ValueDialogues;
import dev.lancet.steering.values.fixture.PlantedValueFixture;
import dev.lancet.tokenizer.Tokenizer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The value pipeline against the planted-value fixture, whose value neurons are known by construction:
 * locate must find them, steering them must raise their value more than any other, and a CAA vector
 * learned from the same (co-occurring) data must leak where neuron editing does not.
 */
class PlantedValuePipelineTest {
    static Path dir;
    static PlantedValueFixture.Written fixture;
    static LlamaModel model;
    static TextEncoder encoder;
    static ValueDialogues data;
    static List<String> general;
    static ValueLocator.Result located;

    @BeforeAll
    static void setUp() throws IOException {
        dir = Files.createTempDirectory("lancet-planted");
        fixture = PlantedValueFixture.write(dir, 42);
        model = LlamaModel.load(fixture.model());
        encoder = new TextEncoder(Tokenizer.load(fixture.model()), 64);
        data = ValueData.load(fixture.values());
        general = Files.readAllLines(fixture.general());
        LocateOptions options = LocateOptions.defaults().withSelection(dev.lancet.steering.values.SelectionConfig.topK(4, false));
        located = ValueLocator.locate(model, encoder, data, general, options, 1, false, null);
    }

    @AfterAll
    static void tearDown() {
        if (model != null) model.close();
    }

    @Test
    void locateRecoversThePlantedNeuronsOfEveryValue() throws IOException {
        JsonNode truth = new ObjectMapper().readTree(fixture.planted().toFile()).get("neurons");
        for (SchwartzValue v : SchwartzValue.values()) {
            Set<String> expected = new HashSet<>();
            truth.get(v.label()).forEach(p -> expected.add(p.get(0).asInt() + ":" + p.get(1).asInt()));
            Set<String> got = new HashSet<>();
            for (LocatedNeuron n : located.neurons().neurons(v)) got.add(n.layer() + ":" + n.neuron());
            Set<String> hit = new HashSet<>(got);
            hit.retainAll(expected);
            double precision = (double) hit.size() / got.size(), recall = (double) hit.size() / expected.size();
            assertTrue(precision >= 0.9 && recall >= 0.9, v + ": precision " + precision + " recall " + recall + " got " + got + " expected " + expected);
        }
        assertNotNull(located.unitClasses(), "general text was given, so unit classes are computed");
    }

    @Test
    void locateIsBitIdenticalForAnyThreadCount() {
        LocateOptions options = LocateOptions.defaults().withSelection(dev.lancet.steering.values.SelectionConfig.topK(4, false));
        ValueLocator.Result two = ValueLocator.locate(model, encoder, data, general, options, 2, false, null);
        assertEquals(located.neurons().toJson(), two.neurons().toJson());
        for (SchwartzValue v : located.caa().vectors().keySet()) {
            org.junit.jupiter.api.Assertions.assertArrayEquals(located.caa().vector(v), two.caa().vector(v), 0f, v.label());
        }
    }

    private static SweepResult sweep(String measure, SteeringPlans.NeuronMode mode, List<Double> neuronStrengths, List<Double> caaStrengths) {
        EvaluationOptions eo = new EvaluationOptions(measure, true, 6, 64, 4, 6, 6);
        Map<String, List<Double>> strengths = new LinkedHashMap<>();
        strengths.put(ValueSweep.NEURONS, neuronStrengths);
        strengths.put(ValueSweep.CAA, caaStrengths);
        try (ValueEvaluator eval = new ValueEvaluator(model, encoder, PvqItems.load(fixture.pvq()).items(), data, general, eo, 1)) {
            return ValueSweep.run(eval, located.neurons(), located.caa(), located.unitClasses(),
                    List.of(SchwartzValue.BENEVOLENCE, SchwartzValue.POWER), strengths, mode, "planted", measure, false);
        }
    }

    private static SweepPoint point(SweepResult r, SchwartzValue target, String method, double strength) {
        return r.points().stream().filter(p -> p.target() == target && p.method().equals(method) && p.strength() == strength)
                .findFirst().orElseThrow();
    }

    @Test
    void neuronEditingRaisesTheTargetMostAndCaaLeaksIntoTheCoOccurringValue() {
        SweepResult r = sweep("preference", SteeringPlans.NeuronMode.STEER, List.of(1.0), List.of(4.0));
        for (SchwartzValue target : List.of(SchwartzValue.BENEVOLENCE, SchwartzValue.POWER)) {
            SweepPoint neurons = point(r, target, ValueSweep.NEURONS, 1.0);
            SweepPoint caa = point(r, target, ValueSweep.CAA, 4.0);
            double gain = neurons.gain();
            assertTrue(gain > 0.5, target + ": target gain " + gain);
            for (SchwartzValue other : SchwartzValue.values()) {
                if (other != target) assertTrue(gain > neurons.delta()[other.ordinal()], target + " vs " + other + ": " + java.util.Arrays.toString(neurons.delta()));
            }
            assertNotNull(neurons.nlr());
            assertNotNull(caa.nlr());
            assertTrue(caa.nlr() > neurons.nlr(), target + ": CAA leaks more (NLR " + caa.nlr() + ") than neuron editing (" + neurons.nlr() + ")");
        }
        // power texts co-occur with achievement: CAA raises achievement clearly more than neuron editing does
        double caaLeak = point(r, SchwartzValue.POWER, ValueSweep.CAA, 4.0).delta()[SchwartzValue.ACHIEVEMENT.ordinal()];
        double neuronLeak = point(r, SchwartzValue.POWER, ValueSweep.NEURONS, 1.0).delta()[SchwartzValue.ACHIEVEMENT.ordinal()];
        assertTrue(caaLeak > 0.2 && caaLeak > neuronLeak + 0.1, "achievement: CAA " + caaLeak + " vs neurons " + neuronLeak);
        assertNotNull(r.basePerplexity());
    }

    @Test
    void onThePvqNeuronScalingIsSpecificWhileCaaRaisesEveryValue() {
        SweepResult r = sweep("pvq", SteeringPlans.NeuronMode.SCALE, List.of(2.0), List.of(1.0));
        for (SchwartzValue target : List.of(SchwartzValue.BENEVOLENCE, SchwartzValue.POWER)) {
            SweepPoint neurons = point(r, target, ValueSweep.NEURONS, 2.0);
            assertTrue(neurons.gain() > 0.01, target + ": gain " + neurons.gain());
            for (SchwartzValue other : SchwartzValue.values()) {
                if (other != target) assertTrue(neurons.gain() > neurons.delta()[other.ordinal()] + 0.01, target + " vs " + other);
            }
            SweepPoint caa = point(r, target, ValueSweep.CAA, 1.0);
            int raised = 0;
            for (SchwartzValue other : SchwartzValue.values()) if (other != target && caa.delta()[other.ordinal()] > 0.5) raised++;
            assertEquals(9, raised, target + ": CAA moves every PVQ answer up: " + java.util.Arrays.toString(caa.delta()));
            assertTrue(caa.nlr() > 0.5 && neurons.nlr() < 0.1, "NLR caa " + caa.nlr() + " neurons " + neurons.nlr());
        }
    }
}
