package dev.lancet.runtime.tensor;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;

/**
 * The preferred float species and the one summation order every kernel uses.
 *
 * <p>Canonical dot product of n floats: one vector accumulator over the full chunks of {@link #LANES}
 * in index order ({@code acc = fma(a_chunk, b_chunk, acc)}), then {@link #reduce} (a fixed pairwise
 * tree), then the tail elements one by one with scalar fma. Every kernel (matvec, tiled GEMM,
 * attention, norms) produces exactly this order for each output element, whichever thread owns the
 * element and however many tokens are batched, so results are bit-identical across thread counts and
 * between batched prefill and token-by-token decoding. {@code reduceLanes(ADD)} is never used for
 * floats: its order is unspecified and differs between the interpreter and the JIT.
 */
public final class VectorKernels {
    public static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    public static final int LANES = F.length();
    /** SWAP[k] exchanges lanes i and i ^ k (k a power of two below LANES). */
    private static final VectorShuffle<Float>[] SWAP = swaps();

    private VectorKernels() {
    }

    @SuppressWarnings("unchecked")
    private static VectorShuffle<Float>[] swaps() {
        VectorShuffle<Float>[] s = new VectorShuffle[LANES];
        for (int k = 1; k < LANES; k <<= 1) {
            final int kk = k;
            s[k] = VectorShuffle.fromOp(F, i -> i ^ kk);
        }
        return s;
    }

    /**
     * Sum of the LANES floats stored at {@code offset} of {@code s}, as a fixed tree: lane i is added to lane
     * i + LANES/2, then i + LANES/4, ... (e.g. 16 lanes: ((v0+v8)+(v4+v12)) + ((v2+v10)+(v6+v14)) + ...).
     * Same result interpreted or compiled.
     *
     * <p>No method here takes or returns a vector: when C2 compiles such a helper on its own before its
     * callers, it stops inlining it, and every call then boxes the vector on the heap (measured: 10 GB of
     * garbage per minute and half-speed decode, depending only on which shape ran first).
     */
    public static float reduceAt(MemorySegment s, long offset) {
        FloatVector v = FloatVector.fromMemorySegment(F, s, offset, ByteOrder.LITTLE_ENDIAN);
        for (int k = LANES >> 1; k >= 1; k >>= 1) v = v.add(v.rearrange(SWAP[k]));
        return v.lane(0);
    }

    /** Canonical {@code sum_i a[aOff+i] * b[bOff+i]}, i &lt; n. */
    public static float dot(float[] a, int aOff, float[] b, int bOff, int n) {
        FloatVector acc = FloatVector.zero(F);
        int i = 0;
        for (; i <= n - LANES; i += LANES) {
            acc = FloatVector.fromArray(F, a, aOff + i).fma(FloatVector.fromArray(F, b, bOff + i), acc);
        }
        for (int k = LANES >> 1; k >= 1; k >>= 1) acc = acc.add(acc.rearrange(SWAP[k])); // the tree of reduceAt
        float s = acc.lane(0);
        for (; i < n; i++) s = Math.fma(a[aOff + i], b[bOff + i], s);
        return s;
    }
}
