package dev.lancet.runtime.tensor;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The vector width the kernels run at, and the Q8_0 decode path it implies. The runtime module runs its kernel
 * tests twice, at the machine's width and at 128 bits ({@code -XX:MaxVectorSize=16}, runtime/pom.xml), so both
 * sides of every width-dependent branch are exercised on one machine.
 */
class LanesTest {
    @Test
    void theSpeciesAndTheQ8PathAgree() {
        int bits = VectorKernels.F.vectorBitSize();
        assertTrue(bits >= 128, "float vectors of " + bits + " bits");
        assertEquals(bits / 32, VectorKernels.LANES);
        // Q8_0 widens LANES quants at a time where they are a vector shape (64 bits and more: 8 lanes or more),
        // else pairs of chunks from one 64-bit load (4 lanes)
        assertEquals(VectorKernels.LANES >= 8, Q8Matrix.VECTOR_WIDEN, "lanes " + VectorKernels.LANES);
        assertEquals(Q8Matrix.VECTOR_WIDEN, Q8Matrix.QUANT_CHUNK != null);
        assertEquals(VectorKernels.LANES == 4, Q8Matrix.PAIR_WIDEN, "lanes " + VectorKernels.LANES);
        assertEquals(Q8Matrix.PAIR_WIDEN, Q8Matrix.QUANT_PAIR != null);
        // batches read a cache-line-aligned copy of their input where they go by 6x4 tiles (16 lanes), decode never
        assertEquals(VectorKernels.LANES == 16, StagedInput.usedFor(4), "lanes " + VectorKernels.LANES);
        assertEquals(false, StagedInput.usedFor(3));
        System.out.println("kernels at " + bits + "-bit vectors, " + VectorKernels.LANES + " float lanes, Q8_0 widened "
                + (Q8Matrix.VECTOR_WIDEN ? "a chunk a load" : "two chunks a load") + ", batches "
                + (StagedInput.usedFor(4) ? "in 6x4 tiles over a staged copy" : VectorKernels.LANES == 8 ? "in 6x2 tiles" : "in 4x4 tiles"));
    }
}
