package dev.lancet.runtime.sampling;

import dev.lancet.runtime.LancetException;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SamplerTest {
    static final float[] LOGITS = {1.0f, 3.0f, 2.5f, -1.0f, 2.9f, 0.0f};

    private static Set<Integer> drawn(SamplingConfig c, int draws) {
        Sampler s = new Sampler(c, LOGITS.length);
        Set<Integer> seen = new HashSet<>();
        for (int i = 0; i < draws; i++) seen.add(s.sample(LOGITS));
        return seen;
    }

    @Test
    void greedyIsArgmaxAndTopKOneIsGreedy() {
        assertEquals(1, new Sampler(SamplingConfig.GREEDY, 6).sample(LOGITS));
        assertEquals(Set.of(1), drawn(new SamplingConfig(1.5f, 1, 1f, 0f, 1f, 3), 200));
    }

    @Test
    void topKTopPAndMinPRestrictTheCandidates() {
        assertEquals(Set.of(1, 4), drawn(new SamplingConfig(1f, 2, 1f, 0f, 1f, 5), 400));
        // probabilities at T=1: 3.0 -> .35, 2.9 -> .32, 2.5 -> .21 ...: top-p 0.6 keeps the first two
        assertEquals(Set.of(1, 4), drawn(new SamplingConfig(1f, 0, 0.6f, 0f, 1f, 5), 400));
        // min-p 0.7: keep tokens with p >= 0.7 * p_max, i.e. logit >= 3.0 + ln 0.7 = 2.64
        assertEquals(Set.of(1, 4), drawn(new SamplingConfig(1f, 0, 1f, 0.7f, 1f, 5), 400));
        assertTrue(drawn(new SamplingConfig(1f, 0, 1f, 0f, 1f, 5), 2000).size() >= 5, "unrestricted sampling reaches most tokens");
    }

    @Test
    void repetitionPenaltyDemotesSeenTokens() {
        Sampler s = new Sampler(new SamplingConfig(0f, 0, 1f, 0f, 2f, 0), 6);
        s.observe(1);
        assertEquals(4, s.sample(LOGITS), "3.0 / 2 = 1.5 now loses to 2.9");
    }

    @Test
    void sameSeedSameTokens() {
        SamplingConfig c = new SamplingConfig(0.8f, 0, 0.95f, 0f, 1f, 1234);
        Sampler a = new Sampler(c, 6), b = new Sampler(c, 6);
        for (int i = 0; i < 100; i++) assertEquals(a.sample(LOGITS), b.sample(LOGITS));
    }

    @Test
    void badSettingsAreRejected() {
        assertThrows(LancetException.class, () -> new SamplingConfig(Float.NaN, 0, 1f, 0f, 1f, 0));
        assertThrows(LancetException.class, () -> new SamplingConfig(1f, -1, 1f, 0f, 1f, 0));
        assertThrows(LancetException.class, () -> new SamplingConfig(1f, 0, 0f, 0f, 1f, 0));
        assertThrows(LancetException.class, () -> new SamplingConfig(1f, 0, 1f, 0f, 0f, 0));
    }
}
