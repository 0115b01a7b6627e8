package dev.lancet.steering.edit;

/**
 * One edit bound to one site and layer: changes {@code values[offset .. offset + width)} in place.
 * Implementations allocate nothing and read only what binding precomputed.
 */
@FunctionalInterface
public interface EditKernel {
    void apply(float[] values, int offset);
}
