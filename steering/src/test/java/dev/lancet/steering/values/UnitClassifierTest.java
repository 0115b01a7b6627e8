package dev.lancet.steering.values;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

class UnitClassifierTest {

    @Test
    void classesAndCountsByHand() {
        // 2 layers x 5 neurons = 10 neurons; top fraction 0.3 -> ceil(3) = 3 important per measure
        // value importance sorted: 9, 8, 7 | ... -> tau_v = 7: value-important = L0n0 (9), L0n1 (8), L1n0 (7)
        // utility importance sorted: 9, 8, 6 | ... -> tau_u = 6: utility-important = L0n1 (9), L1n1 (8), L1n2 (6)
        float[][] value = {{9, 8, 1, 2, 0}, {7, 3, 1, 0, 0}};
        float[][] utility = {{1, 9, 2, 0, 0}, {0, 8, 6, 5, 0}};
        UnitClasses c = UnitClassifier.classify(value, utility, 0.3, 0.3);
        assertEquals(7.0, c.valueThreshold());
        assertEquals(6.0, c.utilityThreshold());
        assertEquals(UnitClass.VALUE_CRITICAL, c.classOf(0, 0));
        assertEquals(UnitClass.COMPLEX, c.classOf(0, 1));
        assertEquals(UnitClass.VALUE_CRITICAL, c.classOf(1, 0));
        assertEquals(UnitClass.UTILITY_CRITICAL, c.classOf(1, 1));
        assertEquals(UnitClass.UTILITY_CRITICAL, c.classOf(1, 2));
        assertEquals(UnitClass.REDUNDANT, c.classOf(1, 3));
        // layer 0: value-critical 1, utility 0, complex 1, redundant 3; layer 1: 1, 2, 0, 2
        assertArrayEquals(new int[] {1, 0, 1, 3}, c.countsPerLayer()[0]);
        assertArrayEquals(new int[] {1, 2, 0, 2}, c.countsPerLayer()[1]);
        assertArrayEquals(new int[] {2, 2, 1, 5}, c.totals());
        assertArrayEquals(new int[] {0, 2}, c.perClass().get(UnitClass.UTILITY_CRITICAL));
        assertThrows(ValueDataException.class, () -> c.classOf(2, 0));
    }

    @Test
    void zeroImportanceIsNeverCritical() {
        float[][] zeros = {{0, 0, 0, 0}};
        UnitClasses c = UnitClassifier.classify(zeros, zeros, 0.5, 0.5);
        assertArrayEquals(new int[] {0, 0, 0, 4}, c.totals());
    }

    @Test
    void exclusionDropsUtilityCriticalAndComplexUnits() {
        float[][] value = {{9, 8, 1, 2, 0}, {7, 3, 1, 0, 0}};
        float[][] utility = {{1, 9, 2, 0, 0}, {0, 8, 6, 5, 0}};
        UnitClasses c = UnitClassifier.classify(value, utility, 0.3, 0.3);
        LocatedNeuron keep = new LocatedNeuron(0, 0, 0.9, 1, 0.1, 0, 0.1, 2, 0.5, 0.3);
        LocatedNeuron complex = new LocatedNeuron(0, 1, 0.8, 1, 0.1, 0, 0.1, 2, 0.5, 0.3);
        LocatedNeuron utilityUnit = new LocatedNeuron(1, 1, 0.7, 1, 0.1, 0, 0.1, 2, 0.5, 0.3);
        LocatedNeurons located = new LocatedNeurons(LocatedNeurons.FORMAT, null, ContrastMode.PROMOTE_VS_REST,
                new int[] {5, 5}, ScoringConfig.defaults(), RankingConfig.defaults(), SelectionConfig.defaults(), 0,
                Map.of(SchwartzValue.POWER, List.of(keep, complex, utilityUnit)));
        assertEquals(List.of(keep), located.excluding(c).neurons(SchwartzValue.POWER));
    }

    @Test
    void shapeMismatchIsAClearError() {
        ValueDataException e = assertThrows(ValueDataException.class,
                () -> UnitClassifier.classify(new float[][] {{1, 2}}, new float[][] {{1, 2, 3}}, 0.1, 0.1));
        assertTrue(e.getMessage().contains("layer 0"), e.getMessage());
    }
}
