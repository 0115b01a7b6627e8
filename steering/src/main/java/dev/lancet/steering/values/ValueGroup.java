package dev.lancet.steering.values;

import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

/**
 * Schwartz's four higher-order value groups. They split the circle into two bipolar dimensions:
 * openness to change vs. conservation and self-enhancement vs. self-transcendence.
 *
 * <p>Hedonism belongs to two groups: it shares elements of openness to change and of
 * self-enhancement, so {@link #of(SchwartzValue)} returns both for it.
 */
public enum ValueGroup {
    OPENNESS_TO_CHANGE("openness-to-change",
            EnumSet.of(SchwartzValue.SELF_DIRECTION, SchwartzValue.STIMULATION, SchwartzValue.HEDONISM)),
    SELF_ENHANCEMENT("self-enhancement",
            EnumSet.of(SchwartzValue.HEDONISM, SchwartzValue.ACHIEVEMENT, SchwartzValue.POWER)),
    CONSERVATION("conservation",
            EnumSet.of(SchwartzValue.SECURITY, SchwartzValue.CONFORMITY, SchwartzValue.TRADITION)),
    SELF_TRANSCENDENCE("self-transcendence",
            EnumSet.of(SchwartzValue.BENEVOLENCE, SchwartzValue.UNIVERSALISM));

    private final String label;
    private final Set<SchwartzValue> members;

    ValueGroup(String label, EnumSet<SchwartzValue> members) {
        this.label = label;
        this.members = Collections.unmodifiableSet(members);
    }

    @JsonValue
    public String label() {
        return label;
    }

    public Set<SchwartzValue> members() {
        return members;
    }

    public boolean contains(SchwartzValue v) {
        return members.contains(v);
    }

    /** The groups that contain {@code v} (two for hedonism, one otherwise). */
    public static Set<ValueGroup> of(SchwartzValue v) {
        EnumSet<ValueGroup> out = EnumSet.noneOf(ValueGroup.class);
        for (ValueGroup g : values()) {
            if (g.contains(v)) out.add(g);
        }
        return Collections.unmodifiableSet(out);
    }

    @Override
    public String toString() {
        return label;
    }
}
