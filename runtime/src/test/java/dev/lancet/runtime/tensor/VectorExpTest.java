package dev.lancet.runtime.tensor;

import org.junit.jupiter.api.Test;

import static dev.lancet.runtime.tensor.VectorKernels.LANES;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The vector exp against Math.exp, its edges, and lane/scalar agreement (what makes range splits bit-stable). */
class VectorExpTest {
    @Test
    void withinTwoUlpOfMathExpAcrossItsRange() {
        double worst = 0;
        float worstX = 0;
        // every 10007th float in [-87, 88]: about 220 thousand values, both signs, every exponent
        for (int bits = 0; bits <= Float.floatToRawIntBits(88f); bits += 10007) {
            for (float x : new float[]{Float.intBitsToFloat(bits), -Float.intBitsToFloat(bits)}) {
                if (x < -87f) continue;
                double err = ulpError(x);
                if (err > worst) {
                    worst = err;
                    worstX = x;
                }
            }
        }
        assertTrue(worst <= 2, "worst error " + worst + " ulp at x = " + worstX);
    }

    private static double ulpError(float x) {
        double exact = Math.exp(x);
        return Math.abs(VectorExp.exp(x) - exact) / Math.ulp((float) exact);
    }

    @Test
    void edges() {
        assertEquals(1f, VectorExp.exp(0f));
        assertEquals(0f, VectorExp.exp(Float.NEGATIVE_INFINITY));
        assertEquals(0f, VectorExp.exp(-1000f));
        assertTrue(Float.isNaN(VectorExp.exp(Float.NaN)));
        assertEquals(VectorExp.exp(88f), VectorExp.exp(1e30f), "saturates above 88");
        assertTrue(Float.isFinite(VectorExp.exp(Float.POSITIVE_INFINITY)));
    }

    @Test
    void everyLaneEqualsTheScalarForm() {
        float[] xs = new float[LANES * 64];
        for (int i = 0; i < xs.length; i++) xs[i] = (float) (Math.sin(i * 0.731) * 40 - (i % 3) * 10);
        float[] out = new float[xs.length];
        VectorExp.exp(xs, 0, out, 0, xs.length, 1f, 0f);
        for (int i = 0; i < xs.length; i++) {
            assertEquals(Float.floatToRawIntBits(VectorExp.exp(xs[i])), Float.floatToRawIntBits(out[i]), "x = " + xs[i]);
        }
    }

    @Test
    void shiftedInPlaceOverAnyRangeEqualsTheScalarFormAndTouchesNothingElse() {
        float[] xs = new float[LANES * 5 + 3];
        for (int i = 0; i < xs.length; i++) xs[i] = (float) (Math.cos(i * 1.37) * 30);
        for (int from : new int[]{0, 1, LANES - 1, LANES}) {
            for (int to : new int[]{from, from + 1, from + LANES, from + 2 * LANES + 3, xs.length}) {
                float[] a = xs.clone();
                VectorExp.expShifted(a, from, to, 2.5f);
                for (int i = 0; i < xs.length; i++) {
                    float want = i >= from && i < to ? VectorExp.exp(xs[i] - 2.5f) : xs[i];
                    assertEquals(Float.floatToRawIntBits(want), Float.floatToRawIntBits(a[i]), "[" + from + ", " + to + ") at " + i);
                }
            }
        }
    }
}
