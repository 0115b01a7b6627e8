package dev.lancet.steering.values;

import java.util.EnumMap;
import java.util.Map;

/**
 * The class of every neuron and the counts per layer.
 *
 * @param classes         classes[layer][neuron]
 * @param valueThreshold  importance at or above which a neuron is value-important
 * @param utilityThreshold importance at or above which a neuron is utility-important
 */
public record UnitClasses(UnitClass[][] classes, double valueThreshold, double utilityThreshold) {

    public UnitClass classOf(int layer, int neuron) {
        if (layer < 0 || layer >= classes.length || neuron < 0 || neuron >= classes[layer].length) {
            throw new ValueDataException("no unit class for layer " + layer + " neuron " + neuron
                    + " (layers: " + classes.length + ")");
        }
        return classes[layer][neuron];
    }

    /** counts[layer][class.ordinal()]. */
    public int[][] countsPerLayer() {
        int[][] counts = new int[classes.length][UnitClass.values().length];
        for (int l = 0; l < classes.length; l++) {
            for (UnitClass c : classes[l]) counts[l][c.ordinal()]++;
        }
        return counts;
    }

    /** Per class, counts per layer: the shape {@link SweepResult#unitClassesPerLayer()} stores. */
    public Map<UnitClass, int[]> perClass() {
        int[][] counts = countsPerLayer();
        Map<UnitClass, int[]> out = new EnumMap<>(UnitClass.class);
        for (UnitClass c : UnitClass.values()) {
            int[] row = new int[classes.length];
            for (int l = 0; l < classes.length; l++) row[l] = counts[l][c.ordinal()];
            out.put(c, row);
        }
        return out;
    }

    /** Totals over all layers, indexed by class ordinal. */
    public int[] totals() {
        int[] t = new int[UnitClass.values().length];
        for (UnitClass[] layer : classes) for (UnitClass c : layer) t[c.ordinal()]++;
        return t;
    }
}
