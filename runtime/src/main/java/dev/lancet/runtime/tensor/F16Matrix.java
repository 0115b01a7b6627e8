package dev.lancet.runtime.tensor;

import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

import static dev.lancet.runtime.tensor.VectorKernels.F;
import static dev.lancet.runtime.tensor.VectorKernels.LANES;

/**
 * IEEE half-precision weights read in place. The Vector API of JDK 25 has no half-float conversion,
 * so widening is done with integer lanes, exactly as {@link Float#float16ToFloat}:
 * {@code f = intBits((h & 0x7fff) << 13) * 2^112} rebiases the exponent (15 -> 127) and turns
 * subnormal halves into normal floats exactly; exponent 31 maps to 255 (a NaN made quiet, as
 * float16ToFloat does); then the sign.
 */
public final class F16Matrix extends Matrix {
    private static final ValueLayout.OfShort LE = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final VectorSpecies<Short> S = VectorSpecies.of(short.class, VectorShape.forBitSize(F.vectorBitSize() / 2));
    private static final VectorSpecies<Integer> I = VectorSpecies.of(int.class, F.vectorShape());
    private static final float TWO_POW_112 = 0x1p112f;
    private final MemorySegment data;
    private final long rowBytes;

    public F16Matrix(MemorySegment data, int rows, int cols) {
        super(rows, cols);
        if (data.byteSize() != (long) rows * cols * 2) throw new IllegalArgumentException("F16 matrix " + rows + "x" + cols + " needs " + ((long) rows * cols * 2) + " bytes, got " + data.byteSize());
        this.data = data;
        this.rowBytes = (long) cols * 2;
    }

    MemorySegment data() {
        return data;
    }

    @Override
    public WeightFormat format() {
        return WeightFormat.F16;
    }

    @Override
    public long byteSize() {
        return data.byteSize();
    }

    @Override
    public float get(int row, int col) {
        return Float.float16ToFloat(data.get(LE, row * rowBytes + 2L * col));
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
            IntVector h = (IntVector) s.convertShape(VectorOperators.S2I, I, 0); // sign-extended
            IntVector magnitude = h.and(0x7fff);
            IntVector bits = magnitude.lanewise(VectorOperators.LSHL, 13);
            var value = bits.reinterpretAsFloats().mul(TWO_POW_112);
            VectorMask<Integer> special = magnitude.compare(VectorOperators.GE, 0x7c00);
            VectorMask<Integer> nan = magnitude.compare(VectorOperators.GT, 0x7c00);
            IntVector widened = value.reinterpretAsInts().blend(bits.or(0x7f800000), special).blend(bits.or(0x7fc00000), nan);
            widened.or(h.and(0x8000).lanewise(VectorOperators.LSHL, 16))
                    .intoMemorySegment(dst, 4 * i, ByteOrder.LITTLE_ENDIAN);
        }
        for (; i < count; i++) {
            dst.set(F32Matrix.LE, 4 * i, Float.float16ToFloat(data.get(LE, src + 2 * i)));
        }
    }
}
