package dev.lancet.runtime.model;

import dev.lancet.runtime.safetensors.DType;
import dev.lancet.runtime.tensor.WeightFormat;

/**
 * How {@link LlamaModel#load(java.nio.file.Path, LoadOptions)} holds the weights.
 *
 * @param weightFormat the format every weight matrix is converted to on load, or null to keep the stored
 *                     one (F32, BF16 and F16 are then read in place from the memory-mapped file)
 * @param copyToMemory copy weights kept in their stored format out of the file mapping into anonymous
 *                     memory (their file pages then leave the process). Decode speed is the same either
 *                     way (weights read in place go through a plain native view of the mapping, see
 *                     {@code MatrixLoader.plainView}); a copy costs load time and anonymous memory but no
 *                     longer depends on the page cache keeping the file
 */
public record LoadOptions(WeightFormat weightFormat, boolean copyToMemory) {
    public static final LoadOptions DEFAULT = new LoadOptions(null, false);

    public static LoadOptions weights(WeightFormat format) {
        return new LoadOptions(format, false);
    }

    /** Whether a tensor stored as {@code stored} is read in place from the mapping (neither converted nor copied). */
    public boolean readsInPlace(DType stored) {
        return !copyToMemory && (weightFormat == null || weightFormat.name().equals(stored.name()));
    }

    public LoadOptions copied() {
        return new LoadOptions(weightFormat, true);
    }
}
