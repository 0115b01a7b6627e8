package dev.lancet.steering.values;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The located value neurons, written as {@code neurons.json}: for each value the kept neurons in
 * descending score order, plus every setting that produced them.
 *
 * @param format        always {@value #FORMAT}
 * @param model         model name or path, may be null
 * @param contrast      which texts were contrasted
 * @param layerWidths   neurons per layer, index = layer (0 for layers not scored)
 * @param scoring       score settings
 * @param ranking       ranking settings
 * @param selection     selection settings
 * @param sharedDropped neurons left out because several values selected them (0 with allowShared)
 * @param values        value to its located neurons
 */
public record LocatedNeurons(String format, String model, ContrastMode contrast, int[] layerWidths,
                             ScoringConfig scoring, RankingConfig ranking, SelectionConfig selection,
                             @JsonProperty(required = true) int sharedDropped, Map<SchwartzValue, List<LocatedNeuron>> values) {
    public static final String FORMAT = "lancet-neurons/1";

    public LocatedNeurons {
        if (!FORMAT.equals(format)) {
            throw new ValueDataException("field 'format' must be \"" + FORMAT + "\", got " + (format == null ? "nothing" : "\"" + format + "\""));
        }
        if (contrast == null || layerWidths == null || scoring == null || ranking == null || selection == null || values == null) {
            throw new ValueDataException("fields contrast, layerWidths, scoring, ranking, selection and values are required");
        }
        if (sharedDropped < 0) throw new ValueDataException("field 'sharedDropped' must be >= 0");
        layerWidths = layerWidths.clone();
        for (int w : layerWidths) if (w < 0) throw new ValueDataException("field 'layerWidths' holds a negative width " + w);
        EnumMap<SchwartzValue, List<LocatedNeuron>> copy = new EnumMap<>(SchwartzValue.class);
        for (Map.Entry<SchwartzValue, List<LocatedNeuron>> e : values.entrySet()) {
            if (e.getValue() == null) throw new ValueDataException("value '" + e.getKey() + "': null neuron list");
            for (LocatedNeuron n : e.getValue()) {
                if (n == null) throw new ValueDataException("value '" + e.getKey() + "': null neuron entry");
                if (n.layer() >= layerWidths.length || n.neuron() >= layerWidths[n.layer()]) {
                    throw new ValueDataException("value '" + e.getKey() + "': neuron (layer " + n.layer() + ", neuron "
                            + n.neuron() + ") is outside layerWidths " + java.util.Arrays.toString(layerWidths));
                }
            }
            copy.put(e.getKey(), List.copyOf(e.getValue()));
        }
        values = Collections.unmodifiableMap(copy);
    }

    /** Number of layers covered by {@link #layerWidths()}. */
    @JsonIgnore
    public int layerCount() {
        return layerWidths.length;
    }

    /** Neurons of one value (empty when the value is absent). */
    public List<LocatedNeuron> neurons(SchwartzValue v) {
        return values.getOrDefault(v, List.of());
    }

    /** Per value, located neurons per layer (arrays of length {@link #layerCount()}). */
    public Map<SchwartzValue, int[]> countsPerLayer() {
        Map<SchwartzValue, int[]> out = new EnumMap<>(SchwartzValue.class);
        for (Map.Entry<SchwartzValue, List<LocatedNeuron>> e : values.entrySet()) {
            int[] c = new int[layerWidths.length];
            for (LocatedNeuron n : e.getValue()) c[n.layer()]++;
            out.put(e.getKey(), c);
        }
        return out;
    }

    /**
     * A copy without the neurons that {@code classes} marks as utility-critical or complex, to lower
     * the capability cost of value edits.
     */
    public LocatedNeurons excluding(UnitClasses classes) {
        Map<SchwartzValue, List<LocatedNeuron>> kept = new EnumMap<>(SchwartzValue.class);
        for (Map.Entry<SchwartzValue, List<LocatedNeuron>> e : values.entrySet()) {
            List<LocatedNeuron> list = new ArrayList<>();
            for (LocatedNeuron n : e.getValue()) {
                if (!classes.classOf(n.layer(), n.neuron()).excludedFromValueEdits()) list.add(n);
            }
            kept.put(e.getKey(), list);
        }
        return new LocatedNeurons(format, model, contrast, layerWidths, scoring, ranking, selection, sharedDropped, kept);
    }

    public void write(Path file) {
        ValuesJson.write(this, file, "neurons file");
    }

    public String toJson() {
        return ValuesJson.toJson(this);
    }

    /** Reads a neurons file; errors name the file and the JSON path at fault. */
    public static LocatedNeurons read(Path file) {
        return ValuesJson.read(file, LocatedNeurons.class, "neurons file");
    }

    public static LocatedNeurons parse(String json, String source) {
        return ValuesJson.parse(json, LocatedNeurons.class, source);
    }
}
