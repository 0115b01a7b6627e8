package dev.lancet.steering.values;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;

/** SSAH-style neuron classes from importance on value data and on general text. */
public enum UnitClass {
    /** Important for value data only. */
    VALUE_CRITICAL("value-critical"),
    /** Important for general text only. */
    UTILITY_CRITICAL("utility-critical"),
    /** Important for both. */
    COMPLEX("complex"),
    /** Important for neither. */
    REDUNDANT("redundant");

    private final String label;

    UnitClass(String label) {
        this.label = label;
    }

    @JsonValue
    public String label() {
        return label;
    }

    /** Utility-critical and complex units are the ones value edits may leave out. */
    public boolean excludedFromValueEdits() {
        return this == UTILITY_CRITICAL || this == COMPLEX;
    }

    /** Reads a label such as {@code value-critical} (case, '_' and '-' tolerated). */
    @JsonCreator
    public static UnitClass parse(String s) {
        String key = s.trim().toLowerCase(Locale.ROOT).replace('_', '-');
        for (UnitClass c : values()) if (c.label.equals(key)) return c;
        throw new ValueDataException("unknown unit class '" + s + "'; expected value-critical, utility-critical, complex or redundant");
    }

    public static UnitClass of(boolean valueCritical, boolean utilityCritical) {
        if (valueCritical) return utilityCritical ? COMPLEX : VALUE_CRITICAL;
        return utilityCritical ? UTILITY_CRITICAL : REDUNDANT;
    }

    @Override
    public String toString() {
        return label;
    }
}
