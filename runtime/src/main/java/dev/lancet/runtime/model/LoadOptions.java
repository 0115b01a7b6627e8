package dev.lancet.runtime.model;

import dev.lancet.runtime.tensor.WeightFormat;

/**
 * How {@link LlamaModel#load(java.nio.file.Path, LoadOptions)} holds the weights.
 *
 * @param weightFormat the format every weight matrix is converted to on load, or null to keep the stored
 *                     one (F32, BF16 and F16 are then read in place from the memory-mapped file)
 * @param copyToMemory copy weights kept in their stored format out of the file mapping into anonymous
 *                     memory. Matrix-vector products stream anonymous memory faster than file-backed
 *                     pages on the machines measured (about 1.5x for F32 decode, see docs/ARCHITECTURE.md),
 *                     at the price of holding the weights in the process rather than in the page cache
 */
public record LoadOptions(WeightFormat weightFormat, boolean copyToMemory) {
    public static final LoadOptions DEFAULT = new LoadOptions(null, false);

    public static LoadOptions weights(WeightFormat format) {
        return new LoadOptions(format, false);
    }

    public LoadOptions copied() {
        return new LoadOptions(weightFormat, true);
    }
}
