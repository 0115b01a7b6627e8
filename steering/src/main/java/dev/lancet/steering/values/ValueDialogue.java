package dev.lancet.steering.values;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * One labelled text. {@code prompt} and {@code response} are null when the source does not split
 * the text into the two turns; value statistics are meant to be taken over the response tokens.
 *
 * @param id     a stable identifier, {@code file:line} unless the data gave one
 * @param line   the 1-based line in the source file
 * @param text   the whole text
 * @param prompt the user turn, or null
 * @param response the assistant turn, or null
 * @param labels value to +1 (the response promotes it) or -1 (violates it); absent means unlabelled
 */
public record ValueDialogue(String id, int line, String text, String prompt, String response,
                            Map<SchwartzValue, Integer> labels) {
    public ValueDialogue {
        EnumMap<SchwartzValue, Integer> copy = new EnumMap<>(SchwartzValue.class);
        for (Map.Entry<SchwartzValue, Integer> e : labels.entrySet()) {
            int s = e.getValue();
            if (s != 1 && s != -1) {
                throw new ValueDataException(id + ": label for " + e.getKey() + " must be +1 or -1, got " + s);
            }
            copy.put(e.getKey(), s);
        }
        labels = Collections.unmodifiableMap(copy);
    }

    /** +1, -1, or 0 when the dialogue carries no label for {@code value}. */
    public int label(SchwartzValue value) {
        Integer s = labels.get(value);
        return s == null ? 0 : s;
    }

    public boolean promotes(SchwartzValue value) {
        return label(value) > 0;
    }

    public boolean violates(SchwartzValue value) {
        return label(value) < 0;
    }

    /** True when the text is split into a prompt and a response. */
    public boolean hasTurns() {
        return prompt != null && response != null;
    }
}
