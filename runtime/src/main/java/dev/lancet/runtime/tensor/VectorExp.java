package dev.lancet.runtime.tensor;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;

import static dev.lancet.runtime.tensor.VectorKernels.F;
import static dev.lancet.runtime.tensor.VectorKernels.LANES;

/**
 * {@code e^x} for arrays of floats from plain IEEE operations (fma, mul, add, bit moves), so the
 * result is the same bits compiled or interpreted, on any thread; {@code Math.exp} costs some 20 ns a
 * call here, which made attention and SwiGLU latency-bound.
 *
 * <p>Range reduction {@code x = n ln2 + r}, {@code n = round(x log2 e)} (by adding and subtracting
 * 1.5 * 2^23), {@code r} in [-ln2/2, ln2/2] with ln2 split in two parts (Cody-Waite); {@code e^r} by its
 * degree-7 Taylor polynomial (truncation error below 6e-9 relative); {@code 2^n} built in the exponent
 * bits. Within 2 ulp of e^x on [-87.3, 88]; below -87.3 the result is 0, above 88 it saturates at e^88;
 * NaN stays NaN.
 */
public final class VectorExp {
    private static final float LOG2E = 1.44269504088896341f;
    private static final float LN2_HI = 0.693145751953125f;
    private static final float LN2_LO = 1.42860682030941723212e-6f;
    private static final float ROUND = 12582912f; // 1.5 * 2^23: adding it rounds to an integer in the low mantissa bits
    private static final int ROUND_BITS = Float.floatToRawIntBits(ROUND);
    private static final float LOW = -87.3f, HIGH = 88f;
    /** Taylor coefficients 1/k! of e^r, k = 2..7. */
    private static final float C2 = 0.5f, C3 = 1f / 6, C4 = 1f / 24, C5 = 1f / 120, C6 = 1f / 720, C7 = 1f / 5040;

    private VectorExp() {
    }

    /** {@code a[i] = e^(a[i] - shift)} for i in [from, to): {@link #exp(float[], int, float[], int, int, float, float)} in place. */
    public static void expShifted(float[] a, int from, int to, float shift) {
        exp(a, from, a, from, to - from, 1f, shift);
    }

    /**
     * {@code dst[d + i] = e^(src[from + i] * scale - shift)} for i in [0, count): whole vectors of lanes, then the rest
     * with the scalar form (the same bits). With scale 1 the argument is {@code src[from + i] - shift}, with scale
     * -1 and shift 0 it is {@code -src[from + i]}, both exactly. The one vector form, written inside its loop: its
     * callers pass arrays, never a vector, so nothing is boxed whether or not the JIT inlines this method
     * (a vector handed across a call that is not inlined is boxed: as a helper taking a vector, C2 left it
     * out of attention's block step in some runs and of the small loops of tiny shapes, 50-100 MB/s of
     * garbage, see docs/ARCHITECTURE.md). In place when {@code dst} is {@code src} and {@code d} is {@code from}.
     */
    public static void exp(float[] src, int from, float[] dst, int d, int count, float scale, float shift) {
        int i = 0;
        for (; i <= count - LANES; i += LANES) {
            FloatVector x = FloatVector.fromArray(F, src, from + i).mul(scale).sub(shift);
            FloatVector v = x.min(HIGH).max(LOW);
            FloatVector shifted = v.mul(LOG2E).add(ROUND);
            FloatVector n = shifted.sub(ROUND);
            IntVector ni = shifted.reinterpretAsInts().sub(ROUND_BITS);
            FloatVector r = n.fma(FloatVector.broadcast(F, -LN2_HI), v);
            r = n.fma(FloatVector.broadcast(F, -LN2_LO), r);
            FloatVector p = r.fma(FloatVector.broadcast(F, C7), FloatVector.broadcast(F, C6));
            p = p.fma(r, FloatVector.broadcast(F, C5));
            p = p.fma(r, FloatVector.broadcast(F, C4));
            p = p.fma(r, FloatVector.broadcast(F, C3));
            p = p.fma(r, FloatVector.broadcast(F, C2));
            p = p.fma(r, FloatVector.broadcast(F, 1f));
            p = p.fma(r, FloatVector.broadcast(F, 1f));
            FloatVector scaleBits = ni.add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
            // x < LOW (and -infinity) gives 0; NaN fails the comparison and stays NaN through the arithmetic
            p.mul(scaleBits).blend(0f, x.compare(VectorOperators.LT, LOW)).intoArray(dst, d + i);
        }
        for (; i < count; i++) dst[d + i] = exp(src[from + i] * scale - shift);
    }

    /**
     * The same IEEE operations on one value (lanewise min, max, mul, add and fma are the scalar ones), for
     * the scalars that must match the lanes. Written out rather than taken from lane 0 of a vector: a
     * vector call the JIT declined to inline would box.
     */
    public static float exp(float x) {
        float v = Math.max(Math.min(x, HIGH), LOW);
        float shifted = v * LOG2E + ROUND;
        float n = shifted - ROUND;
        int ni = Float.floatToRawIntBits(shifted) - ROUND_BITS;
        float r = Math.fma(n, -LN2_HI, v);
        r = Math.fma(n, -LN2_LO, r);
        float p = Math.fma(r, C7, C6);
        p = Math.fma(p, r, C5);
        p = Math.fma(p, r, C4);
        p = Math.fma(p, r, C3);
        p = Math.fma(p, r, C2);
        p = Math.fma(p, r, 1f);
        p = Math.fma(p, r, 1f);
        float scale = Float.intBitsToFloat((ni + 127) << 23);
        return x < LOW ? 0f : p * scale;
    }
}
