package dev.lancet.runtime.tensor;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * One thread's working memory for {@link Matrix#multiply}: a block of widened weight rows followed by
 * the spilled tile accumulators (off-heap, cache-line aligned), the input reordered into the kernel
 * order of a lane-pairing format ({@link Matrix#pairsLanes()}), and, where the batch tile reads its input
 * off-heap (16 lanes) and no caller staged it, the batch's {@link StagedInput}. Never shared between threads.
 */
public final class MatmulScratch {
    private final Arena arena;
    private final MemorySegment rows;
    private final int maxCols;
    private float[] input = new float[0];
    private StagedInput staged;

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

    /** The batch's input staged in this thread's own buffer (see {@link StagedInput}). */
    StagedInput stage(float[] x, int xOff, int tokens, int cols) {
        if (staged == null) staged = new StagedInput(arena, maxCols);
        staged.stage(x, xOff, tokens, cols);
        return staged;
    }

    /** A float buffer of at least n elements; grows the first time a larger batch comes, then is reused. */
    float[] input(int n) {
        if (input.length < n) input = new float[n];
        return input;
    }
}
