package dev.lancet.runtime.tensor;

import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

import static dev.lancet.runtime.tensor.VectorKernels.F;
import static dev.lancet.runtime.tensor.VectorKernels.LANES;

/**
 * BF16 weights read in place: a bf16 value is the top 16 bits of a float, so widening is
 * {@code float = intBits(bf16 << 16)}, done in-register (short lanes -> int lanes -> shift).
 */
public final class BF16Matrix extends Matrix {
    private static final ValueLayout.OfShort LE = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final VectorSpecies<Integer> I = VectorSpecies.of(int.class, F.vectorShape());
    private final MemorySegment data;
    private final long rowBytes;

    public BF16Matrix(MemorySegment data, int rows, int cols) {
        super(rows, cols);
        if (data.byteSize() != (long) rows * cols * 2) throw new IllegalArgumentException("BF16 matrix " + rows + "x" + cols + " needs " + ((long) rows * cols * 2) + " bytes, got " + data.byteSize());
        this.data = data;
        this.rowBytes = (long) cols * 2;
    }

    /** The stored bytes (the decode kernel widens them in registers). */
    MemorySegment data() {
        return data;
    }

    @Override
    public WeightFormat format() {
        return WeightFormat.BF16;
    }

    @Override
    public long byteSize() {
        return data.byteSize();
    }

    @Override
    public float get(int row, int col) {
        return Float.intBitsToFloat(data.get(LE, row * rowBytes + 2L * col) << 16);
    }

    @Override
    public void copyRow(int row, float[] out, int outOff) {
        for (int c = 0; c < cols; c++) out[outOff + c] = get(row, c);
    }

    @Override
    public boolean pairsLanes() {
        return true;
    }

    /** Each row in kernel order: per full block of 2*LANES columns, the even columns, then the odd ones; the tail as is. */
    @Override
    void widenRows(int r0, int n, MemorySegment dst) {
        int block = 2 * LANES;
        for (int j = 0; j < n; j++) {
            long src = (r0 + j) * rowBytes, out = 4L * j * cols;
            int c = 0;
            for (; c <= cols - block; c += block) {
                IntVector pairs = IntVector.fromMemorySegment(I, data, src + 2L * c, ByteOrder.LITTLE_ENDIAN);
                pairs.lanewise(VectorOperators.LSHL, 16).intoMemorySegment(dst, out + 4L * c, ByteOrder.LITTLE_ENDIAN);
                pairs.lanewise(VectorOperators.AND, 0xffff0000).intoMemorySegment(dst, out + 4L * (c + LANES), ByteOrder.LITTLE_ENDIAN);
            }
            for (; c < cols; c++) {
                dst.set(F32Matrix.LE, out + 4L * c, Float.intBitsToFloat(data.get(LE, src + 2L * c) << 16));
            }
        }
    }
}
