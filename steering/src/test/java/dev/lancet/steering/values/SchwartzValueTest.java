package dev.lancet.steering.values;

import org.junit.jupiter.api.Test;

import java.util.EnumSet;
import java.util.Set;

import static dev.lancet.steering.values.SchwartzValue.*;
import static org.junit.jupiter.api.Assertions.*;

class SchwartzValueTest {

    @Test
    void parsesCanonicalAndCommonSpellings() {
        assertEquals(SELF_DIRECTION, parse("self-direction"));
        assertEquals(SELF_DIRECTION, parse("Self-Direction"));
        assertEquals(SELF_DIRECTION, parse("self_direction"));
        assertEquals(SELF_DIRECTION, parse("SELF DIRECTION"));
        assertEquals(SELF_DIRECTION, parse(" selfdirection "));
        assertEquals(UNIVERSALISM, parse("Universalism"));
        assertEquals(POWER, parse("PO"));
        for (SchwartzValue v : values()) assertEquals(v, parse(v.label()));
        ValueDataException e = assertThrows(ValueDataException.class, () -> parse("humility"));
        assertTrue(e.getMessage().contains("'humility'"), e.getMessage());
        assertTrue(tryParse("").isEmpty());
        assertTrue(tryParse(null).isEmpty());
    }

    @Test
    void circumplexOrderAnglesAndNeighbours() {
        assertEquals(10, values().length);
        assertEquals(0, SELF_DIRECTION.position());
        assertEquals(9, UNIVERSALISM.position());
        assertEquals(36.0, STIMULATION.angleDegrees());
        assertEquals(Set.of(STIMULATION, UNIVERSALISM), SELF_DIRECTION.neighbours());
        assertEquals(Set.of(SECURITY, TRADITION), CONFORMITY.neighbours());
        assertTrue(UNIVERSALISM.isAdjacentTo(SELF_DIRECTION));
        assertEquals(5, SELF_DIRECTION.circumplexDistance(SECURITY));
        assertEquals(5, POWER.circumplexDistance(UNIVERSALISM));
        assertEquals(2, HEDONISM.circumplexDistance(POWER));
        assertEquals(1, UNIVERSALISM.circumplexDistance(SELF_DIRECTION));
    }

    @Test
    void higherOrderGroupsWithHedonismInTwo() {
        assertEquals(EnumSet.of(ValueGroup.OPENNESS_TO_CHANGE, ValueGroup.SELF_ENHANCEMENT), HEDONISM.groups());
        assertEquals(Set.of(ValueGroup.CONSERVATION), TRADITION.groups());
        assertEquals(Set.of(ValueGroup.SELF_TRANSCENDENCE), BENEVOLENCE.groups());
        assertTrue(HEDONISM.sharesGroupWith(POWER));
        assertTrue(HEDONISM.sharesGroupWith(STIMULATION));
        assertFalse(SELF_DIRECTION.sharesGroupWith(UNIVERSALISM));
        int memberships = 0;
        for (ValueGroup g : ValueGroup.values()) memberships += g.members().size();
        assertEquals(11, memberships, "ten values, hedonism counted twice");
    }
}
