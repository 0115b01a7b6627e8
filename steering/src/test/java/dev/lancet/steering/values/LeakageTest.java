package dev.lancet.steering.values;

import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.lancet.steering.values.SchwartzValue.*;
import static org.junit.jupiter.api.Assertions.*;

class LeakageTest {
    // Steering toward benevolence (position 8). dS in circumplex order:
    //   SD 0.1, ST -0.2, HE 0, AC 0.3, PO 0, SE 0, CO 0.2, TR 0, BE 0.5, UN 0.4
    private static final double[] DELTA = {0.1, -0.2, 0, 0.3, 0, 0, 0.2, 0, 0.5, 0.4};

    @Test
    void nlrByHand() {
        // positive leakage: SD 0.1 + AC 0.3 + CO 0.2 + UN 0.4 = 1.0 (ST -0.2 counts 0)
        // NLR = 1.0 / (9 * 0.5) = 1 / 4.5 = 0.222222...
        LeakageRatio r = Leakage.nlr(DELTA, BENEVOLENCE);
        assertTrue(r.defined());
        assertEquals(1.0 / 4.5, r.value(), 1e-12);
    }

    @Test
    void nglrByHand() {
        // grouped(0.5) weights from benevolence (BE = position 8): w = d/5, halved if same higher-order group
        //   SD d=2 -> 0.4; ST d=3 -> 0.6; HE d=4 -> 0.8; AC d=5 -> 1.0; PO d=4 -> 0.8; SE d=3 -> 0.6;
        //   CO d=2 -> 0.4; TR d=1 -> 0.2; UN d=1, same group (self-transcendence) -> 0.1
        //   sum w = 0.4+0.6+0.8+1.0+0.8+0.6+0.4+0.2+0.1 = 4.9
        //   weighted leakage = 0.4*0.1 + 1.0*0.3 + 0.4*0.2 + 0.1*0.4 = 0.04 + 0.3 + 0.08 + 0.04 = 0.46
        //   NGLR = 0.46 / (0.5 * 4.9) = 0.46 / 2.45 = 0.187755...
        LeakageWeights w = LeakageWeights.standard();
        assertEquals(0.1, w.weight(BENEVOLENCE, UNIVERSALISM), 1e-15);
        assertEquals(1.0, w.weight(BENEVOLENCE, ACHIEVEMENT), 1e-15);
        LeakageRatio r = Leakage.nglr(DELTA, BENEVOLENCE, w);
        assertEquals(0.46 / 2.45, r.value(), 1e-12);
        // circumplex weights (no group factor): sum w = 0.4+0.6+0.8+1+0.8+0.6+0.4+0.2+0.2 = 5.0
        //   leakage = 0.04 + 0.3 + 0.08 + 0.2*0.4 = 0.5 -> NGLR = 0.5 / (0.5 * 5.0) = 0.2
        assertEquals(0.2, Leakage.nglr(DELTA, BENEVOLENCE, LeakageWeights.circumplex()).value(), 1e-12);
        // uniform weights reduce NGLR to NLR
        assertEquals(Leakage.nlr(DELTA, BENEVOLENCE).value(),
                Leakage.nglr(DELTA, BENEVOLENCE, LeakageWeights.uniform()).value(), 1e-15);
    }

    @Test
    void hedonismSharesTwoGroups() {
        // from hedonism (position 2): ST d=1 same group (openness) -> 0.1; AC d=1 same group (self-enhancement) -> 0.1
        LeakageWeights w = LeakageWeights.standard();
        assertEquals(0.1, w.weight(HEDONISM, STIMULATION), 1e-15);
        assertEquals(0.1, w.weight(HEDONISM, ACHIEVEMENT), 1e-15);
        assertEquals(0.2, w.weight(HEDONISM, POWER), 1e-15); // d=2, same group -> 0.4 * 0.5
        assertEquals(1.0, w.weight(HEDONISM, TRADITION), 1e-15); // d=5
    }

    @Test
    void undefinedWhereTheTargetDidNotRise() {
        double[] fell = DELTA.clone();
        fell[BENEVOLENCE.ordinal()] = -0.1;
        assertFalse(Leakage.nlr(fell, BENEVOLENCE).defined());
        assertTrue(Double.isNaN(Leakage.nlr(fell, BENEVOLENCE).value()));
        assertNull(Leakage.nlr(fell, BENEVOLENCE).orNull());
        double[] flat = DELTA.clone();
        flat[BENEVOLENCE.ordinal()] = 0;
        assertFalse(Leakage.nglr(flat, BENEVOLENCE, LeakageWeights.standard()).defined());
        // nothing else rose -> 0
        double[] clean = new double[10];
        clean[POWER.ordinal()] = 1;
        clean[UNIVERSALISM.ordinal()] = -0.5;
        assertEquals(0.0, Leakage.nlr(clean, POWER).value());
    }

    @Test
    void matrixAndAveragesSkipUndefinedTargets() {
        double[][] rows = new double[10][];
        rows[BENEVOLENCE.ordinal()] = DELTA;
        double[] power = new double[10];
        power[POWER.ordinal()] = 2;
        power[ACHIEVEMENT.ordinal()] = 1;   // M = 0.5
        power[SECURITY.ordinal()] = -1;     // M = -0.5
        rows[POWER.ordinal()] = power;
        double[] tradition = new double[10];
        tradition[TRADITION.ordinal()] = -0.3; // did not rise
        tradition[CONFORMITY.ordinal()] = 0.2;
        rows[TRADITION.ordinal()] = tradition;

        LeakageMatrix m = Leakage.matrix(rows);
        assertEquals(1.0, m.get(BENEVOLENCE, BENEVOLENCE));
        assertEquals(0.4 / 0.5, m.get(BENEVOLENCE, UNIVERSALISM), 1e-12);
        assertEquals(-0.2 / 0.5, m.get(BENEVOLENCE, STIMULATION), 1e-12);
        assertEquals(0.5, m.get(POWER, ACHIEVEMENT), 1e-12);
        assertEquals(-0.5, m.get(POWER, SECURITY), 1e-12);
        assertTrue(Double.isNaN(m.get(TRADITION, CONFORMITY)));
        assertTrue(Double.isNaN(m.get(HEDONISM, HEDONISM)));
        assertFalse(m.defined(TRADITION));

        // NLR(power) = (AC 1) / (9 * 2) = 1/18; NLR(benevolence) = 1/4.5; mean over 2 defined targets
        //   = (1/18 + 4/18) / 2 = 5/36
        LeakageSummary s = Leakage.summarize(rows, LeakageWeights.standard());
        assertEquals(3, s.targetsRun());
        assertEquals(2, s.targetsDefined());
        assertEquals(List.of(TRADITION), s.undefinedTargets());
        assertEquals(5.0 / 36, s.meanNlr(), 1e-12);
        // NGLR(power): from PO (position 4), AC d=1 same group (self-enhancement) -> w 0.1;
        //   sum w from power = SD .8*.. computed: d(PO,SD)=4 .8, ST 3 .6, HE 2 same group .2, AC .1, SE 1 .2,
        //   CO 2 .4, TR 3 .6, BE 4 .8, UN 5 1.0 -> 4.7; NGLR = 0.1 * 1 / (2 * 4.7) = 0.1 / 9.4
        //   mean NGLR = (0.1/9.4 + 0.46/2.45) / 2
        assertEquals((0.1 / 9.4 + 0.46 / 2.45) / 2, s.meanNglr(), 1e-12);
        // mean M by distance 1 over defined rows: BE->TR 0, BE->UN 0.8, PO->AC 0.5, PO->SE -0.5 => 0.8/4 = 0.2
        assertEquals(0.2, s.meanByDistance()[1], 1e-12);
    }

    @Test
    void badDeltasAreClearErrors() {
        ValueDataException e = assertThrows(ValueDataException.class, () -> Leakage.nlr(new double[9], POWER));
        assertTrue(e.getMessage().contains("10 entries"), e.getMessage());
        double[] nan = new double[10];
        nan[3] = Double.NaN;
        e = assertThrows(ValueDataException.class, () -> Leakage.nlr(nan, POWER));
        assertTrue(e.getMessage().contains("achievement is NaN"), e.getMessage());
    }
}
