package dev.lancet.runtime.tensor;

import dev.lancet.runtime.safetensors.DType;
import jdk.incubator.vector.FloatVector;
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
 * {@code float = intBits(bf16 << 16)}, done in-register (short lanes -> int lanes -> shift -> reinterpret).
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

    @Override
    public DType storageType() {
        return DType.BF16;
    }

    @Override
    public long byteSize() {
        return data.byteSize();
    }

    private FloatVector load(long offset) {
        ShortVector s = ShortVector.fromMemorySegment(S, data, offset, ByteOrder.LITTLE_ENDIAN);
        IntVector i = (IntVector) s.convertShape(VectorOperators.S2I, I, 0);
        return i.lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats();
    }

    @Override
    public float dot(int row, float[] x, int xOff) {
        long base = row * rowBytes;
        int c = 0;
        FloatVector a0 = FloatVector.zero(F), a1 = a0;
        for (; c <= cols - 2 * LANES; c += 2 * LANES) {
            a0 = load(base + 2L * c).fma(FloatVector.fromArray(F, x, xOff + c), a0);
            a1 = load(base + 2L * (c + LANES)).fma(FloatVector.fromArray(F, x, xOff + c + LANES), a1);
        }
        for (; c <= cols - LANES; c += LANES) {
            a0 = load(base + 2L * c).fma(FloatVector.fromArray(F, x, xOff + c), a0);
        }
        float sum = VectorKernels.sumLanes(a0.add(a1));
        for (; c < cols; c++) sum = Math.fma(get(row, c), x[xOff + c], sum);
        return sum;
    }

    @Override
    public float get(int row, int col) {
        return Float.intBitsToFloat(data.get(LE, row * rowBytes + 2L * col) << 16);
    }

    @Override
    public void copyRow(int row, float[] out, int outOff) {
        for (int c = 0; c < cols; c++) out[outOff + c] = get(row, c);
    }
}
