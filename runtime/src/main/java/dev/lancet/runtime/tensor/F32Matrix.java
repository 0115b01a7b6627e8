package dev.lancet.runtime.tensor;

import dev.lancet.runtime.safetensors.DType;
import jdk.incubator.vector.FloatVector;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

import static dev.lancet.runtime.tensor.VectorKernels.F;
import static dev.lancet.runtime.tensor.VectorKernels.LANES;

/** F32 weights read in place from a (memory-mapped) segment, little-endian. */
public final class F32Matrix extends Matrix {
    private static final ValueLayout.OfFloat LE = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private final MemorySegment data;
    private final long rowBytes;

    public F32Matrix(MemorySegment data, int rows, int cols) {
        super(rows, cols);
        if (data.byteSize() != (long) rows * cols * 4) throw new IllegalArgumentException("F32 matrix " + rows + "x" + cols + " needs " + ((long) rows * cols * 4) + " bytes, got " + data.byteSize());
        this.data = data;
        this.rowBytes = (long) cols * 4;
    }

    @Override
    public DType storageType() {
        return DType.F32;
    }

    @Override
    public long byteSize() {
        return data.byteSize();
    }

    /** Four independent accumulators hide FMA latency; they and the tail are combined in a fixed order. */
    @Override
    public float dot(int row, float[] x, int xOff) {
        long base = row * rowBytes;
        int c = 0;
        int bound4 = cols - 4 * LANES;
        FloatVector a0 = FloatVector.zero(F), a1 = a0, a2 = a0, a3 = a0;
        for (; c <= bound4; c += 4 * LANES) {
            a0 = FloatVector.fromMemorySegment(F, data, base + 4L * c, ByteOrder.LITTLE_ENDIAN).fma(FloatVector.fromArray(F, x, xOff + c), a0);
            a1 = FloatVector.fromMemorySegment(F, data, base + 4L * (c + LANES), ByteOrder.LITTLE_ENDIAN).fma(FloatVector.fromArray(F, x, xOff + c + LANES), a1);
            a2 = FloatVector.fromMemorySegment(F, data, base + 4L * (c + 2 * LANES), ByteOrder.LITTLE_ENDIAN).fma(FloatVector.fromArray(F, x, xOff + c + 2 * LANES), a2);
            a3 = FloatVector.fromMemorySegment(F, data, base + 4L * (c + 3 * LANES), ByteOrder.LITTLE_ENDIAN).fma(FloatVector.fromArray(F, x, xOff + c + 3 * LANES), a3);
        }
        for (; c <= cols - LANES; c += LANES) {
            a0 = FloatVector.fromMemorySegment(F, data, base + 4L * c, ByteOrder.LITTLE_ENDIAN).fma(FloatVector.fromArray(F, x, xOff + c), a0);
        }
        float sum = VectorKernels.sumLanes(a0.add(a1).add(a2.add(a3)));
        for (; c < cols; c++) sum = Math.fma(data.get(LE, base + 4L * c), x[xOff + c], sum);
        return sum;
    }

    @Override
    public float get(int row, int col) {
        return data.get(LE, row * rowBytes + 4L * col);
    }

    @Override
    public void copyRow(int row, float[] out, int outOff) {
        MemorySegment.copy(data, LE, row * rowBytes, out, outOff, cols);
    }
}
