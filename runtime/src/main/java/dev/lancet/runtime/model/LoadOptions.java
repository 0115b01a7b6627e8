package dev.lancet.runtime.model;

import dev.lancet.runtime.tensor.WeightFormat;

/**
 * How {@link LlamaModel#load(java.nio.file.Path, LoadOptions)} holds the weights.
 *
 * @param weightFormat the format every weight matrix is converted to on load, or null to read them in
 *                     place as stored (F32, BF16 and F16 are memory-mapped; converted ones live in memory)
 */
public record LoadOptions(WeightFormat weightFormat) {
    public static final LoadOptions DEFAULT = new LoadOptions(null);

    public static LoadOptions weights(WeightFormat format) {
        return new LoadOptions(format);
    }
}
