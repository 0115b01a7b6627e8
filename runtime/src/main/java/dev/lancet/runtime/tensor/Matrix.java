package dev.lancet.runtime.tensor;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * A read-only weight matrix in Hugging Face Linear layout: {@code rows} output features, each a row of
 * {@code cols} input weights. The model code never sees the storage format: every format widens a
 * block of rows to float32 ({@link #widenRows}) and one tiled kernel ({@link TiledMatmul}) multiplies,
 * summing each output element in the canonical order of {@link VectorKernels} over the row's kernel
 * order: the natural column order, or for a lane-pairing format ({@link #pairsLanes()}) each full block
 * of {@code 2 * LANES} columns as its LANES even columns, then its LANES odd ones. F32 rows are read in
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

    /**
     * Writes rows [r0, r0 + n) widened to float32 (row-major, little-endian) at byte 0 of {@code dst},
     * each row in kernel order (see the class comment).
     */
    abstract void widenRows(int r0, int n, MemorySegment dst);

    /**
     * Whether the kernel sums this format's rows in lane-paired order. BF16 does: one 2*LANES-wide integer
     * load holds a block of bf16 pairs, and {@code bits << 16} and {@code bits & 0xffff0000} are its even and
     * odd columns as floats, two instructions instead of a widening shuffle per vector, which lets a
     * decode stream bf16 weights at close to the F32 rate in bytes.
     */
    public boolean pairsLanes() {
        return false;
    }

    /** Column held at position {@code k} of a row in kernel order (the identity unless {@link #pairsLanes()}). */
    public final int kernelColumn(int k) {
        return pairsLanes() ? TiledMatmul.pairedColumn(k, cols) : k;
    }

    /**
     * {@code out[outOff + t*rows + r] = sum_c W[r, c] * x[xOff + t*cols + c]} for rows r in
     * [rowFrom, rowTo) and tokens t &lt; tokens: x holds {@code tokens} input rows back to back, out the
     * output rows. {@code scratch} (for at least {@link #cols()} columns) belongs to the calling thread.
     */
    public final void multiply(float[] x, int xOff, int tokens, float[] out, int outOff, int rowFrom, int rowTo,
                               MatmulScratch scratch) {
        checkScratch(scratch);
        TiledMatmul.multiply(this, x, xOff, tokens, out, outOff, rowFrom, rowTo, scratch, false, null);
    }

    /**
     * As {@link #multiply}, with {@code xk} already in this matrix's kernel order ({@link #toKernelOrder}) and,
     * where {@link StagedInput#usedFor} the batch, {@code staged} holding the same rows (or null: each call
     * stages its own). A caller that splits one product over threads reorders and stages the input once for all
     * of them.
     */
    public final void multiplyInKernelOrder(float[] xk, int xOff, int tokens, StagedInput staged, float[] out, int outOff,
                                            int rowFrom, int rowTo, MatmulScratch scratch) {
        checkScratch(scratch);
        TiledMatmul.multiply(this, xk, xOff, tokens, out, outOff, rowFrom, rowTo, scratch, true, staged);
    }

    private void checkScratch(MatmulScratch scratch) {
        if (scratch.maxCols() < cols) {
            throw new IllegalArgumentException("scratch for " + scratch.maxCols() + " columns, matrix has " + cols);
        }
    }

    /**
     * Writes {@code tokens} input rows of {@code x[xOff ..]} to {@code dst[dOff ..]} in this matrix's kernel
     * order: a permutation within each row (a plain copy unless {@link #pairsLanes()}), no arithmetic.
     */
    public final void toKernelOrder(float[] x, int xOff, int tokens, float[] dst, int dOff) {
        for (int t = 0; t < tokens; t++) {
            if (pairsLanes()) TiledMatmul.pairInput(x, xOff + t * cols, dst, dOff + t * cols, cols);
            else System.arraycopy(x, xOff + t * cols, dst, dOff + t * cols, cols);
        }
    }

    /** {@code sum_c W[row, c] * x[xOff + c]} in the canonical order. Allocates scratch: for tests, not hot loops. */
    public final float dot(int row, float[] x, int xOff) {
        float[] out = new float[rows];
        try (Arena a = Arena.ofConfined()) {
            multiply(x, xOff, 1, out, 0, row, row + 1, new MatmulScratch(a, cols));
        }
        return out[row];
    }
}
