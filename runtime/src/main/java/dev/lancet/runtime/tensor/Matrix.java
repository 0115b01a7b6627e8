package dev.lancet.runtime.tensor;

import dev.lancet.runtime.safetensors.DType;

/**
 * A read-only weight matrix in Hugging Face Linear layout: {@code rows} output features, each a row of
 * {@code cols} input weights. The model code never sees the storage dtype; each storage implements
 * its own {@link #dot} with the Vector API, and every kernel sums in one fixed order (independent of
 * which thread computes the row), so results are bit-identical for any thread count.
 */
public abstract sealed class Matrix permits F32Matrix, BF16Matrix {
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

    public abstract DType storageType();

    /** Bytes read from memory for one full pass over the matrix (one decode step). */
    public abstract long byteSize();

    /** {@code sum_c W[row, c] * x[xOff + c]}. */
    public abstract float dot(int row, float[] x, int xOff);

    /** One element, widened to float. For traces and tests, not hot loops. */
    public abstract float get(int row, int col);

    /** Copies row {@code row} widened to float into {@code out[outOff ..]} (embedding lookup). */
    public abstract void copyRow(int row, float[] out, int outOff);

    /** {@code out[outOff + r] = dot(r, x, xOff)} for rows in [rowFrom, rowTo). */
    public void matvec(float[] x, int xOff, float[] out, int outOff, int rowFrom, int rowTo) {
        for (int r = rowFrom; r < rowTo; r++) out[outOff + r] = dot(r, x, xOff);
    }
}
