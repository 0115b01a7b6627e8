package dev.lancet.steering.values;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;

/** Which texts form the negative class when contrasting the texts that promote a value. */
public enum ContrastMode {
    /** Positive: labelled +1 for the value. Negative: every other text (-1 or unlabelled). */
    PROMOTE_VS_REST("promote-vs-rest"),
    /** Positive: labelled +1. Negative: labelled -1 only; unlabelled texts are left out. */
    PROMOTE_VS_VIOLATE("promote-vs-violate");

    private final String label;

    ContrastMode(String label) {
        this.label = label;
    }

    @JsonValue
    public String label() {
        return label;
    }

    /** Whether a text with this label (+1, -1, or 0 for none) is in the negative class of the value. */
    public boolean isNegative(int label) {
        return this == PROMOTE_VS_REST ? label != 1 : label == -1;
    }

    @JsonCreator
    public static ContrastMode parse(String s) {
        String key = s.trim().toLowerCase(Locale.ROOT).replace('_', '-');
        for (ContrastMode m : values()) {
            if (m.label.equals(key)) return m;
        }
        throw new ValueDataException("unknown contrast mode '" + s + "'; expected promote-vs-rest or promote-vs-violate");
    }

    @Override
    public String toString() {
        return label;
    }
}
