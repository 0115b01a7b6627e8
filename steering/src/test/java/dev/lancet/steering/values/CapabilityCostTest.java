package dev.lancet.steering.values;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class CapabilityCostTest {

    @Test
    void perplexityByHand() {
        // log-probs ln(1/2), ln(1/8): mean = -(ln 2 + ln 8)/2 = -2 ln 2 -> perplexity 4
        assertEquals(4.0, CapabilityCost.perplexity(new double[] {Math.log(0.5), Math.log(0.125)}), 1e-12);
        assertEquals(4.0, CapabilityCost.perplexity(new float[] {(float) Math.log(0.5), (float) Math.log(0.125)}), 1e-6);
        assertEquals(4.0, CapabilityCost.perplexity(Math.log(0.5) + Math.log(0.125), 2), 1e-12);
        assertThrows(ValueDataException.class, () -> CapabilityCost.perplexity(new double[0]));
        assertThrows(ValueDataException.class, () -> CapabilityCost.perplexity(new double[] {0.5}));
    }

    @Test
    void klByHandAndStable() {
        // p = (0.5, 0.5), q = (0.9, 0.1): KL = 0.5 ln(0.5/0.9) + 0.5 ln(0.5/0.1) = 0.5 ln(25/9)
        float[] p = {(float) Math.log(0.5), (float) Math.log(0.5)};
        float[] q = {(float) Math.log(0.9), (float) Math.log(0.1)};
        assertEquals(0.5 * Math.log(25.0 / 9), CapabilityCost.kl(p, q), 1e-6);
        assertEquals(0.0, CapabilityCost.kl(p, p));
        // shifting logits by a constant changes nothing; 1000-scale logits do not overflow
        float[] big = {1000f, 1000f + (float) Math.log(9)};
        float[] bigQ = {2000f, 2000f};
        // p = (0.1, 0.9), q = (0.5, 0.5): KL = 0.1 ln 0.2 + 0.9 ln 1.8
        assertEquals(0.1 * Math.log(0.2) + 0.9 * Math.log(1.8), CapabilityCost.kl(big, bigQ), 1e-4);
        double[] out = new double[2];
        CapabilityCost.logSoftmax(big, out);
        assertEquals(Math.log(0.1), out[0], 1e-4);
        assertEquals(CapabilityCost.kl(p, q), CapabilityCost.meanKl(new float[][] {p, p}, new float[][] {q, q}) , 1e-12);
        assertThrows(ValueDataException.class, () -> CapabilityCost.kl(new float[2], new float[3]));
    }

    @Test
    void greedyAgreement() {
        int[] base = {1, 2, 3, 4};
        assertEquals(1.0, CapabilityCost.greedyAgreement(base, new int[] {1, 2, 3, 4}));
        assertEquals(0.75, CapabilityCost.greedyAgreement(base, new int[] {1, 9, 3, 4}));
        assertEquals(0.5, CapabilityCost.greedyAgreement(base, new int[] {1, 2}));
        assertEquals(0.25, CapabilityCost.prefixAgreement(base, new int[] {1, 9, 3, 4}));
    }
}
