package dev.lancet.runtime.tensor;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * A read-only weight matrix in Hugging Face Linear layout: {@code rows} output features, each a row of
 * {@code cols} input weights. The model code never sees the storage format: every format widens a
 * block of rows to float32 ({@link #widenRows}) and one tiled kernel ({@link TiledMatmul}) multiplies,
 * summing each output element in the canonical order of {@link VectorKernels}. F32 rows are read in
 * place, without the widening copy.
 */
public abstract sealed class Matrix permits F32Matrix, BF16Matrix, F16Matrix, Q8Matrix {
    protected final int rows;
    protected final int cols;

    protected Matrix(int rows, int cols) {
        this.rows = rows;
        this.cols = cols;
    }

    public final int rows() {
        return rows;
    }

    public final int cols() {
        return cols;
    }

    public abstract WeightFormat format();

    /** Bytes read from memory for one full pass over the matrix (one decode step). */
    public abstract long byteSize();

    /** One element, widened to float exactly as the kernels see it. For traces and tests, not hot loops. */
    public abstract float get(int row, int col);

    /** Copies row {@code row} widened to float into {@code out[outOff ..]} (embedding lookup). */
    public abstract void copyRow(int row, float[] out, int outOff);

    /** Writes rows [r0, r0 + n) widened to float32 (row-major, little-endian) at byte 0 of {@code dst}. */
    abstract void widenRows(int r0, int n, MemorySegment dst);

    /** Bytes of scratch that {@link #multiply} needs for this matrix (a block of widened rows). */
    public final long scratchBytes() {
        return scratchBytes(cols);
    }

    /** Scratch bytes that {@link #multiply} needs for any matrix of at most {@code maxCols} columns. */
    public static long scratchBytes(int maxCols) {
        return TiledMatmul.scratchBytes(maxCols);
    }

    /**
     * {@code out[outOff + t*rows + r] = sum_c W[r, c] * x[xOff + t*cols + c]} for rows r in
     * [rowFrom, rowTo) and tokens t &lt; tokens: x holds {@code tokens} input rows back to back, out the
     * output rows. {@code scratch} (at least {@link #scratchBytes()}) belongs to the calling thread.
     */
    public final void multiply(float[] x, int xOff, int tokens, float[] out, int outOff, int rowFrom, int rowTo,
                               MemorySegment scratch) {
        TiledMatmul.multiply(this, x, xOff, tokens, out, outOff, rowFrom, rowTo, scratch);
    }

    /** {@code sum_c W[row, c] * x[xOff + c]} in the canonical order. Allocates scratch: for tests, not hot loops. */
    public final float dot(int row, float[] x, int xOff) {
        float[] out = new float[rows];
        try (Arena a = Arena.ofConfined()) {
            multiply(x, xOff, 1, out, 0, row, row + 1, a.allocate(scratchBytes(), 64));
        }
        return out[row];
    }
}
