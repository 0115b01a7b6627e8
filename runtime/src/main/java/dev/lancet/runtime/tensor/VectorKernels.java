package dev.lancet.runtime.tensor;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Species and the lane reduction shared by the matrix kernels.
 * Floating-point {@code reduceLanes(ADD)} has no specified order (the interpreter and the JIT may
 * differ), so lanes are summed left to right by hand: that keeps results bit-identical run to run.
 */
final class VectorKernels {
    static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    static final int LANES = F.length();

    private VectorKernels() {
    }

    /** Sums the lanes in index order. */
    static float sumLanes(FloatVector v) {
        float s = 0f;
        for (int i = 0; i < LANES; i++) s += v.lane(i);
        return s;
    }
}
