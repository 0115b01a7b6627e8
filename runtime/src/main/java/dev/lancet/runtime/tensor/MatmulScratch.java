package dev.lancet.runtime.tensor;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * One thread's working memory for {@link Matrix#multiply}: a block of widened weight rows followed by
 * the spilled tile accumulators (off-heap, cache-line aligned), the input reordered into the kernel
 * order of a lane-pairing format ({@link Matrix#pairsLanes()}), and, where the batch tile reads its input
 * off-heap (16 lanes), a copy of the batch with every row starting on a cache line. Never shared between threads.
 */
public final class MatmulScratch {
    private final Arena arena;
    private final MemorySegment rows;
    private final int maxCols;
    private float[] input = new float[0];
    private MemorySegment staged = MemorySegment.NULL;

    /** Scratch for matrices of at most {@code maxCols} columns, its off-heap part allocated in {@code arena}. */
    public MatmulScratch(Arena arena, int maxCols) {
        if (maxCols < 1) throw new IllegalArgumentException("maxCols must be >= 1, got " + maxCols);
        this.arena = arena;
        this.maxCols = maxCols;
        // + 64: the next thread's scratch never shares this one's last cache line
        this.rows = arena.allocate(TiledMatmul.scratchBytes(maxCols) + 64, 64);
    }

    public int maxCols() {
        return maxCols;
    }

    MemorySegment rows() {
        return rows;
    }

    /**
     * Room for {@code tokens} staged input rows of up to {@code maxCols} floats, {@link TiledMatmul#stagedStride}
     * bytes apart, 64-byte aligned; allocated in the scratch's arena the first time a larger batch comes (a
     * session's first prefill), then reused.
     */
    MemorySegment staged(int tokens) {
        long bytes = tokens * TiledMatmul.stagedStride(maxCols);
        if (staged.byteSize() < bytes) staged = arena.allocate(bytes, 64);
        return staged;
    }

    /** A float buffer of at least n elements; grows the first time a larger batch comes, then is reused. */
    float[] input(int n) {
        if (input.length < n) input = new float[n];
        return input;
    }
}
