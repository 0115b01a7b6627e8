package dev.lancet.runtime.tensor;

import org.junit.jupiter.api.Test;

import static dev.lancet.runtime.tensor.VectorKernels.LANES;
import static org.junit.jupiter.api.Assertions.assertEquals;

class SwiGluTest {
    /** The scalar definition, {@code silu(g) * u = g / (e^(-g) + 1) * u}, with the runtime's own exp. */
    private static float reference(float g, float u) {
        return g / (VectorExp.exp(-g) + 1f) * u;
    }

    @Test
    void everyElementIsTheScalarFormulaInPlaceOrNotOverAnyRangeAndBlock() {
        int n = 2 * SwiGlu.SCRATCH + 3 * LANES + 5; // crosses two scratch blocks, ends in a scalar tail
        float[] g = new float[n], u = new float[n];
        for (int i = 0; i < n; i++) {
            g[i] = (float) (Math.sin(i * 0.37) * 12);
            u[i] = (float) (Math.cos(i * 0.11) * 3);
        }
        float[] scratch = new float[SwiGlu.SCRATCH];
        int[][] ranges = {{0, n}, {1, n - 1}, {SwiGlu.SCRATCH - 3, SwiGlu.SCRATCH + LANES + 2}, {7, 7}, {5, 6}};
        for (int[] r : ranges) {
            for (boolean inPlace : new boolean[]{true, false}) {
                float[] gate = g.clone(), h = inPlace ? gate : new float[n];
                float before = -42f;
                if (!inPlace) java.util.Arrays.fill(h, before);
                SwiGlu.apply(gate, u, h, r[0], r[1], scratch);
                for (int i = 0; i < n; i++) {
                    float want = i >= r[0] && i < r[1] ? reference(g[i], u[i]) : (inPlace ? g[i] : before);
                    assertEquals(Float.floatToRawIntBits(want), Float.floatToRawIntBits(h[i]),
                            "element " + i + " of [" + r[0] + ", " + r[1] + ") in place " + inPlace);
                }
            }
        }
    }
}
