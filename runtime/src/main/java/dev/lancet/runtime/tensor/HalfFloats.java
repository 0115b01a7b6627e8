package dev.lancet.runtime.tensor;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

import static dev.lancet.runtime.tensor.VectorKernels.F;
import static dev.lancet.runtime.tensor.VectorKernels.LANES;

/**
 * The two 16-bit float formats as codes in {@code short}s: narrowing a float to the nearest code (ties to even)
 * and widening codes back to floats, exactly, a vector of lanes at a time, from arrays in the {@link #paired} layout.
 * <ul>
 *   <li>bf16: the top 16 bits of a float. Widening is {@code intBits(code << 16)}; narrowing adds
 *   {@code 0x7fff + lsb} to the float's bits before dropping the low 16 (round to nearest, ties to even), so a
 *   value past the largest bf16 rounds to infinity; a NaN stays a (quiet) NaN.</li>
 *   <li>f16 (IEEE binary16): narrowing is {@link Float#floatToFloat16}. The Vector API of JDK 25 has no
 *   half-float conversion, so widening is done with integer lanes, exactly as {@link Float#float16ToFloat}:
 *   {@code f = intBits((h & 0x7fff) << 13) * 2^112} rebiases the exponent (15 -> 127) and turns subnormal
 *   halves into normal floats exactly; exponent 31 maps to 255 (a NaN made quiet, as float16ToFloat does);
 *   then the sign.</li>
 * </ul>
 */
public final class HalfFloats {
    /** Short lanes of a whole vector: one group of the paired layout. */
    private static final VectorSpecies<Short> S2 = VectorSpecies.of(short.class, F.vectorShape());
    private static final VectorSpecies<Integer> I = VectorSpecies.of(int.class, F.vectorShape());
    private static final float TWO_POW_112 = 0x1p112f;

    private HalfFloats() {
    }

    /** The bf16 code nearest to {@code f}, ties to even. */
    public static short toBF16(float f) {
        int bits = Float.floatToRawIntBits(f);
        if ((bits & 0x7fffffff) > 0x7f800000) return (short) ((bits >>> 16) | 0x0040); // NaN: keep it a quiet NaN
        return (short) ((bits + 0x7fff + ((bits >>> 16) & 1)) >>> 16);
    }

    public static float fromBF16(short code) {
        return Float.intBitsToFloat(code << 16);
    }

    /** Elements of a group of the paired layout: two float vectors' worth. */
    public static final int GROUP = 2 * LANES;

    /**
     * Where logical element e sits in an array of codes in the paired layout: in each group of {@link #GROUP}
     * elements, element r &lt; LANES at 2r and element LANES + r at 2r + 1. Loaded as LANES ints, a group's codes
     * then widen with one shift (bf16: {@code int << 16} gives elements 0..LANES-1, {@code int & 0xffff0000} the rest),
     * no lane conversion (widening short lanes to int lanes ran at 0.6 us per 8192 codes, a third of a decode
     * step's attention at 288 positions).
     */
    public static int paired(int e) {
        int r = e & (GROUP - 1);
        return (e - r) + (r < LANES ? 2 * r : 2 * (r - LANES) + 1);
    }

    /** {@code dst[d + i]} = bf16 logical element {@code from + i} of {@code src} (paired layout) widened, i &lt; n. */
    public static void widenBF16(short[] src, int from, float[] dst, int d, int n) {
        int i = 0;
        for (; i < n && ((from + i) & (GROUP - 1)) != 0; i++) dst[d + i] = fromBF16(src[paired(from + i)]);
        for (; i <= n - GROUP; i += GROUP) {
            IntVector pairs = ShortVector.fromArray(S2, src, from + i).reinterpretAsInts();
            pairs.lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats().intoArray(dst, d + i);
            pairs.and(0xffff0000).reinterpretAsFloats().intoArray(dst, d + i + LANES);
        }
        for (; i < n; i++) dst[d + i] = fromBF16(src[paired(from + i)]);
    }

    /**
     * {@code dst[d + i]} = f16 logical element {@code from + i} of {@code src} (paired layout) widened, i &lt; n, each
     * exactly {@link Float#float16ToFloat}. Each half of a group is the lane arithmetic of {@link F16Matrix} (written
     * again here: no method may take or return a vector, NoVectorCrossesACallTest).
     */
    public static void widenF16(short[] src, int from, float[] dst, int d, int n) {
        int i = 0;
        for (; i < n && ((from + i) & (GROUP - 1)) != 0; i++) dst[d + i] = Float.float16ToFloat(src[paired(from + i)]);
        for (; i <= n - GROUP; i += GROUP) {
            IntVector pairs = ShortVector.fromArray(S2, src, from + i).reinterpretAsInts();
            for (int half = 0; half < 2; half++) { // the low codes are elements 0..LANES-1, the high ones the rest
                IntVector h = pairs.lanewise(VectorOperators.LSHR, 16 * half).and(0xffff);
                IntVector magnitude = h.and(0x7fff);
                IntVector bits = magnitude.lanewise(VectorOperators.LSHL, 13);
                FloatVector value = bits.reinterpretAsFloats().mul(TWO_POW_112);
                VectorMask<Integer> special = magnitude.compare(VectorOperators.GE, 0x7c00);
                VectorMask<Integer> nan = magnitude.compare(VectorOperators.GT, 0x7c00);
                IntVector widened = value.reinterpretAsInts().blend(bits.or(0x7f800000), special).blend(bits.or(0x7fc00000), nan);
                widened.or(h.and(0x8000).lanewise(VectorOperators.LSHL, 16)).reinterpretAsFloats().intoArray(dst, d + i + half * LANES);
            }
        }
        for (; i < n; i++) dst[d + i] = Float.float16ToFloat(src[paired(from + i)]);
    }
}
