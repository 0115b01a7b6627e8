package dev.lancet.steering.values;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class PvqScoringTest {

    @Test
    void optionProbabilitiesFromHandBuiltLogits() {
        // logits ln(1), ln(1), ln(2), ln(2), ln(2), ln(2): softmax = (1, 1, 2, 2, 2, 2) / 10
        // E = (1*1 + 2*1 + 3*2 + 4*2 + 5*2 + 6*2) / 10 = 39 / 10 = 3.9
        double l2 = Math.log(2);
        PvqScoring.ItemAnswer a = PvqScoring.answer(new double[] {0, 0, l2, l2, l2, l2});
        assertArrayEquals(new double[] {0.1, 0.1, 0.2, 0.2, 0.2, 0.2}, a.probabilities(), 1e-12);
        assertEquals(3.9, a.expected(), 1e-12);
        assertEquals(Math.log(10), a.logOptionMass(), 1e-12);
        // adding a constant (logits -> log-probs) changes nothing but the mass
        PvqScoring.ItemAnswer shifted = PvqScoring.answer(new double[] {-50, -50, -50 + l2, -50 + l2, -50 + l2, -50 + l2});
        assertEquals(3.9, shifted.expected(), 1e-12);
        assertEquals(-50 + Math.log(10), shifted.logOptionMass(), 1e-9);
        // huge logits do not overflow: all mass on "6"
        assertEquals(6.0, PvqScoring.answer(new double[] {0, 0, 0, 0, 0, 1000}).expected(), 1e-12);
    }

    @Test
    void profileMeansAndMratCentring() {
        // item 1 (power): all mass on "5" -> 5
        // item 2 (power): uniform -> 3.5
        // item 3 (universalism): all mass on "2" -> 2
        // item 4 (universalism, reverse keyed): all mass on "2" -> 7 - 2 = 5
        // raw power = (5 + 3.5) / 2 = 4.25; raw universalism = (2 + 5) / 2 = 3.5
        // MRAT = (5 + 3.5 + 2 + 5) / 4 = 3.875; centred power = 0.375, universalism = -0.375
        List<PvqItem> items = List.of(
                new PvqItem(1, SchwartzValue.POWER, "a", "", "", 1),
                new PvqItem(2, SchwartzValue.POWER, "b", "", "", 1),
                new PvqItem(3, SchwartzValue.UNIVERSALISM, "c", "", "", 1),
                new PvqItem(4, SchwartzValue.UNIVERSALISM, "d", "", "", -1));
        double big = 60;
        double[][] logits = {
                {0, 0, 0, 0, big, 0},
                {1, 1, 1, 1, 1, 1},
                {0, big, 0, 0, 0, 0},
                {0, big, 0, 0, 0, 0}};
        PvqProfile p = PvqScoring.profile(items, logits);
        assertEquals(4.25, p.raw(SchwartzValue.POWER), 1e-9);
        assertEquals(3.5, p.raw(SchwartzValue.UNIVERSALISM), 1e-9);
        assertEquals(3.875, p.mrat(), 1e-9);
        assertEquals(0.375, p.centred(SchwartzValue.POWER), 1e-9);
        assertEquals(-0.375, p.centred(SchwartzValue.UNIVERSALISM), 1e-9);
        assertTrue(Double.isNaN(p.raw(SchwartzValue.HEDONISM)));
        assertEquals(5.0, p.itemScores()[3], 1e-9);

        double[][] steeredLogits = logits.clone();
        steeredLogits[1] = new double[] {0, 0, 0, 0, 0, big}; // item 2 -> 6: power raw (5 + 6) / 2 = 5.5
        double[] d = PvqProfile.rawDelta(p, PvqScoring.profile(items, steeredLogits));
        assertEquals(1.25, d[SchwartzValue.POWER.ordinal()], 1e-9);
        assertEquals(0.0, d[SchwartzValue.UNIVERSALISM.ordinal()], 1e-9);
    }

    @Test
    void badInputsAreClearErrors() {
        assertThrows(ValueDataException.class, () -> PvqScoring.answer(new double[5]));
        assertThrows(ValueDataException.class, () -> PvqScoring.answer(new double[] {0, 0, 0, 0, 0, Double.NaN}));
        ValueDataException e = assertThrows(ValueDataException.class,
                () -> PvqScoring.profile(List.of(new PvqItem(1, SchwartzValue.POWER, "a", "", "", 1)), new double[2][6]));
        assertTrue(e.getMessage().contains("1 items but 2 answers"), e.getMessage());
    }

    @Test
    void preferenceMarginsByHand() {
        // promoting: -6 nats over 3 tokens = -2/token; violating: -10 over 4 = -2.5/token; margin = 0.5
        // second pair: -4/2 = -2 vs -3/3 = -1: margin = -1
        var p1 = new PreferenceScoring.ResponsePair(new PreferenceScoring.ResponseLikelihood(-6, 3),
                new PreferenceScoring.ResponseLikelihood(-10, 4));
        var p2 = new PreferenceScoring.ResponsePair(new PreferenceScoring.ResponseLikelihood(-4, 2),
                new PreferenceScoring.ResponseLikelihood(-3, 3));
        assertEquals(0.5, PreferenceScoring.margin(p1), 1e-12);
        assertEquals(1 / (1 + Math.exp(-0.5)), PreferenceScoring.preference(p1), 1e-12);
        PreferenceScoring.Summary s = PreferenceScoring.summarize(List.of(p1, p2));
        assertEquals(-0.25, s.meanMargin(), 1e-12);
        assertEquals(0.5, s.winRate(), 1e-12);
        assertEquals((1 / (1 + Math.exp(-0.5)) + 1 / (1 + Math.exp(1))) / 2, s.meanPreference(), 1e-12);
        // unpaired: mean(-2, -2) - mean(-2.5, -1) = -2 - (-1.75) = -0.25
        assertEquals(-0.25, PreferenceScoring.unpaired(List.of(p1.promoting(), p2.promoting()),
                List.of(p1.violating(), p2.violating())), 1e-12);
        assertThrows(ValueDataException.class, () -> new PreferenceScoring.ResponseLikelihood(-1, 0));
        assertThrows(ValueDataException.class, () -> PreferenceScoring.unpaired(List.of(), List.of(p1.violating())));
    }
}
