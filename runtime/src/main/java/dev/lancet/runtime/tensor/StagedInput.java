package dev.lancet.runtime.tensor;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * A batch's input rows copied off-heap for the 16-lane batch tile ({@code TiledMatmul.tile6x4}), each row starting
 * on a cache line: a 64-byte load from a float[] row, 16 bytes past a heap object's 8-byte-aligned start, splits
 * two lines. A caller that splits one product over threads stages its input once for all of them
 * ({@code CpuBackend}); {@link Matrix#multiply} stages into the thread's scratch. The rows are copied as given, so
 * the caller stages them in the kernel order of the matrices that read them ({@link Matrix#toKernelOrder}).
 * Memory is allocated in the arena the first time a larger batch comes (a session's first prefill), then reused.
 */
public final class StagedInput {
    private static final ValueLayout.OfFloat LE = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private final Arena arena;
    private final int maxCols;
    private MemorySegment rows = MemorySegment.NULL;
    private int tokens = -1, cols = -1;

    /** Room for rows of up to {@code maxCols} floats, allocated in {@code arena} (which must outlive it). */
    public StagedInput(Arena arena, int maxCols) {
        if (maxCols < 1) throw new IllegalArgumentException("maxCols must be >= 1, got " + maxCols);
        this.arena = arena;
        this.maxCols = maxCols;
    }

    /** Whether a product over a batch of this many tokens reads staged input (16 lanes, four tokens or more). */
    public static boolean usedFor(int tokens) {
        return TiledMatmul.readsStagedInput(tokens);
    }

    /** Copies {@code tokens} rows of {@code cols} floats from {@code x[xOff ..]}, each to its own cache lines. */
    public void stage(float[] x, int xOff, int tokens, int cols) {
        if (cols < 1 || cols > maxCols) throw new IllegalArgumentException("rows of " + cols + " floats, room for " + maxCols);
        long stride = stride(cols), bytes = tokens * stride;
        if (rows.byteSize() < bytes) rows = arena.allocate(Math.max(bytes, tokens * stride(maxCols)), 64);
        for (int t = 0; t < tokens; t++) MemorySegment.copy(x, xOff + t * cols, rows, LE, t * stride, cols);
        this.tokens = tokens;
        this.cols = cols;
    }

    /** Bytes between two staged rows of {@code cols} floats: whole cache lines. */
    static long stride(int cols) {
        return (4L * cols + 63) / 64 * 64;
    }

    MemorySegment rows() {
        return rows;
    }

    /** Whether the staged rows are this batch's shape (a product must not read another batch's rows). */
    boolean holds(int tokens, int cols) {
        return this.tokens == tokens && this.cols == cols;
    }
}
