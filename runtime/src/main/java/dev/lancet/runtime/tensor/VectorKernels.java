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
 * in index order ({@code acc = fma(a_chunk, b_chunk, acc)}), then {@link #reduceAt} (a fixed pairwise
 * tree), then the tail elements one by one with scalar fma. Every kernel (matvec, tiled GEMM,
 * attention, norms) produces exactly this order for each output element, whichever thread owns the
 * element and however many tokens are batched, so results are bit-identical across thread counts and
 * between batched prefill and token-by-token decoding. {@code reduceLanes(ADD)} is never used for
 * floats: its order is unspecified and differs between the interpreter and the JIT.
 */
public final class VectorKernels {
    public static final VectorSpecies<Float> F = preferred();
    public static final int LANES = F.length();

    /** The preferred float species; the kernels' half-width (bf16, f16) loads need it to be 128 bits or more. */
    private static VectorSpecies<Float> preferred() {
        VectorSpecies<Float> f = FloatVector.SPECIES_PREFERRED;
        if (f.vectorBitSize() < 128) {
            throw new IllegalStateException("Lancet's kernels need float vectors of at least 128 bits; this JVM prefers "
                    + f.vectorBitSize() + " (is -XX:MaxVectorSize set below 16?)");
        }
        return f;
    }
    /*
     * SWAPk exchanges lanes i and i ^ k (null where k >= LANES). Separate static finals, not an array: C2
     * folds a constant shuffle into the permute, while one loaded from an array element costs 3x per
     * reduction (measured: 13 vs 4.6 ns), which was a third of a prefill.
     */
    static final VectorShuffle<Float> SWAP8 = swap(8), SWAP4 = swap(4), SWAP2 = swap(2), SWAP1 = swap(1);

    private VectorKernels() {
    }

    private static VectorShuffle<Float> swap(int k) {
        return k < LANES ? VectorShuffle.fromOp(F, i -> i ^ k) : null;
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
        if (LANES > 8) v = v.add(v.rearrange(SWAP8));
        if (LANES > 4) v = v.add(v.rearrange(SWAP4));
        if (LANES > 2) v = v.add(v.rearrange(SWAP2));
        if (LANES > 1) v = v.add(v.rearrange(SWAP1));
        return v.lane(0);
    }

    /** Canonical {@code sum_i a[aOff+i] * b[bOff+i]}, i &lt; n. */
    public static float dot(float[] a, int aOff, float[] b, int bOff, int n) {
        FloatVector acc = FloatVector.zero(F);
        int i = 0;
        for (; i <= n - LANES; i += LANES) {
            acc = FloatVector.fromArray(F, a, aOff + i).fma(FloatVector.fromArray(F, b, bOff + i), acc);
        }
        // the tree of reduceAt, written out again: a helper taking the vector would box it when not inlined
        if (LANES > 8) acc = acc.add(acc.rearrange(SWAP8));
        if (LANES > 4) acc = acc.add(acc.rearrange(SWAP4));
        if (LANES > 2) acc = acc.add(acc.rearrange(SWAP2));
        if (LANES > 1) acc = acc.add(acc.rearrange(SWAP1));
        float s = acc.lane(0);
        for (; i < n; i++) s = Math.fma(a[aOff + i], b[bOff + i], s);
        return s;
    }
}
