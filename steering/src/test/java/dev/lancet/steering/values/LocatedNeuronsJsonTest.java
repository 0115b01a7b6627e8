package dev.lancet.steering.values;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class LocatedNeuronsJsonTest {

    private static LocatedNeurons sample() {
        PlantedActivations p = new PlantedActivations(3, 200, 2, 16, 1, 2.5, 0.2);
        ValueContrast c = ValueContrast.fromLabels(p.labels, ContrastMode.PROMOTE_VS_REST,
                EnumSet.allOf(SchwartzValue.class), 2, "planted");
        List<LayerScores> layers = List.of(
                NeuronScores.scoreLayer(0, p.activations[0], c, ScoringConfig.defaults(), 1),
                NeuronScores.scoreLayer(1, p.activations[1], c, ScoringConfig.defaults(), 1));
        return NeuronSelector.locate(layers, ScoringConfig.defaults(), RankingConfig.defaults(),
                SelectionConfig.topK(2, false), ContrastMode.PROMOTE_VS_REST, "planted-fixture");
    }

    @Test
    void roundTripsThroughNeuronsJson(@TempDir Path dir) throws IOException {
        LocatedNeurons located = sample();
        Path f = dir.resolve("neurons.json");
        located.write(f);
        String text = Files.readString(f);
        assertTrue(text.contains("\"format\" : \"lancet-neurons/1\""), text);
        assertTrue(text.contains("\"self-direction\" : ["), "values keyed by canonical names");
        assertTrue(text.contains("\"contrast\" : \"promote-vs-rest\""));
        LocatedNeurons back = LocatedNeurons.read(f);
        assertEquals(located.toJson(), back.toJson());
        assertEquals(located.neurons(SchwartzValue.POWER), back.neurons(SchwartzValue.POWER));
        for (SchwartzValue v : SchwartzValue.values()) {
            int total = 0;
            for (int x : back.countsPerLayer().get(v)) total += x;
            assertEquals(back.neurons(v).size(), total);
            assertTrue(total <= 2);
        }
    }

    @Test
    void badNeuronsFilesNameTheProblem(@TempDir Path dir) throws IOException {
        String good = sample().toJson();
        assertBad(dir, good.replace("\"power\" : [", "\"might\" : ["), "unknown value name 'might'");
        assertBad(dir, good.replace("\"layerWidths\" : [ 16, 16 ]", "\"layerWidths\" : [ 1, 1 ]"), "outside layerWidths");
        assertBad(dir, good.replace("lancet-neurons/1", "lancet-neurons/9"), "'format'");
        assertBad(dir, good.replace("\"model\"", "\"modle\""), "modle");
        assertBad(dir, good.replaceFirst("\"neuron\" : \\d+,", ""), "'neuron'");
        assertBad(dir, "{", "neurons file");
    }

    private static void assertBad(Path dir, String json, String expected) throws IOException {
        Path f = dir.resolve("bad.json");
        Files.writeString(f, json);
        ValueDataException e = assertThrows(ValueDataException.class, () -> LocatedNeurons.read(f));
        assertTrue(e.getMessage().contains(f.toString()) && e.getMessage().contains(expected), e.getMessage());
    }
}
