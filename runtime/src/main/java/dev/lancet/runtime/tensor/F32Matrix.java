package dev.lancet.runtime.tensor;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/** F32 weights read in place from a (memory-mapped) segment, little-endian. */
public final class F32Matrix extends Matrix {
    static final ValueLayout.OfFloat LE = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private final MemorySegment data;
    private final long rowBytes;

    public F32Matrix(MemorySegment data, int rows, int cols) {
        super(rows, cols);
        if (data.byteSize() != (long) rows * cols * 4) throw new IllegalArgumentException("F32 matrix " + rows + "x" + cols + " needs " + ((long) rows * cols * 4) + " bytes, got " + data.byteSize());
        this.data = data;
        this.rowBytes = (long) cols * 4;
    }

    /** The rows themselves: the kernel reads them without widening. */
    MemorySegment data() {
        return data;
    }

    @Override
    public WeightFormat format() {
        return WeightFormat.F32;
    }

    @Override
    public long byteSize() {
        return data.byteSize();
    }

    @Override
    public float get(int row, int col) {
        return data.get(LE, row * rowBytes + 4L * col);
    }

    @Override
    public void copyRow(int row, float[] out, int outOff) {
        MemorySegment.copy(data, LE, row * rowBytes, out, outOff, cols);
    }

    @Override
    void widenRows(int r0, int n, MemorySegment dst) {
        MemorySegment.copy(data, r0 * rowBytes, dst, 0, n * rowBytes);
    }
}
