package dev.lancet.steering.values;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * All scores of one layer's neurons.
 *
 * @param layer       0-based layer index
 * @param width       neurons in the layer
 * @param byValue     scores per value in the contrast
 * @param specificity the LAPE computation (firing rates, entropies) shared by all values
 */
public record LayerScores(int layer, int width, Map<SchwartzValue, ValueNeuronScores> byValue,
                          ActivationSpecificity specificity) {
    public LayerScores {
        EnumMap<SchwartzValue, ValueNeuronScores> copy = new EnumMap<>(SchwartzValue.class);
        copy.putAll(byValue);
        byValue = Collections.unmodifiableMap(copy);
    }
}
