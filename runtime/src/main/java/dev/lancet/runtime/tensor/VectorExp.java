package dev.lancet.runtime.tensor;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;

import static dev.lancet.runtime.tensor.VectorKernels.F;

/**
 * {@code e^x} for a vector of floats from plain IEEE operations (fma, mul, add, bit moves), so the
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

    private VectorExp() {
    }

    public static FloatVector exp(FloatVector x) {
        FloatVector v = x.min(HIGH).max(LOW);
        FloatVector shifted = v.mul(LOG2E).add(ROUND);
        FloatVector n = shifted.sub(ROUND);
        IntVector ni = shifted.reinterpretAsInts().sub(ROUND_BITS);
        FloatVector r = n.fma(FloatVector.broadcast(F, -LN2_HI), v);
        r = n.fma(FloatVector.broadcast(F, -LN2_LO), r);
        FloatVector p = r.fma(FloatVector.broadcast(F, 1f / 5040), FloatVector.broadcast(F, 1f / 720));
        p = p.fma(r, FloatVector.broadcast(F, 1f / 120));
        p = p.fma(r, FloatVector.broadcast(F, 1f / 24));
        p = p.fma(r, FloatVector.broadcast(F, 1f / 6));
        p = p.fma(r, FloatVector.broadcast(F, 0.5f));
        p = p.fma(r, FloatVector.broadcast(F, 1f));
        p = p.fma(r, FloatVector.broadcast(F, 1f));
        FloatVector scale = ni.add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
        // x < LOW (and -infinity) gives 0; NaN fails the comparison and stays NaN through the arithmetic
        return p.mul(scale).blend(0f, x.compare(VectorOperators.LT, LOW));
    }

    /** The same arithmetic for one value (lane 0 of a broadcast), for the few scalars that must match it. */
    public static float exp(float x) {
        return exp(FloatVector.broadcast(F, x)).lane(0);
    }
}
