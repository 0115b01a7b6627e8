package dev.lancet.runtime.tensor;

import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
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
    /** Short species with as many lanes as the float species (half its bit width). */
    private static final VectorSpecies<Short> S = VectorSpecies.of(short.class, VectorShape.forBitSize(F.vectorBitSize() / 2));
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
    void widenRows(int r0, int n, MemorySegment dst) {
        long src = r0 * rowBytes;
        long count = (long) n * cols;
        long i = 0;
        for (; i <= count - LANES; i += LANES) {
            ShortVector s = ShortVector.fromMemorySegment(S, data, src + 2 * i, ByteOrder.LITTLE_ENDIAN);
            IntVector v = (IntVector) s.convertShape(VectorOperators.S2I, I, 0);
            v.lanewise(VectorOperators.LSHL, 16).intoMemorySegment(dst, 4 * i, ByteOrder.LITTLE_ENDIAN);
        }
        for (; i < count; i++) {
            dst.set(F32Matrix.LE, 4 * i, Float.intBitsToFloat(data.get(LE, src + 2 * i) << 16));
        }
    }
}
