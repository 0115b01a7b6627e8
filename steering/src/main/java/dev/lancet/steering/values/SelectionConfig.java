package dev.lancet.steering.values;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * How many neurons to keep per value, and what to do with neurons several values would keep.
 *
 * @param topK        neurons per value; when 0, {@code topFraction} decides
 * @param topFraction fraction of all scored neurons per value, rounded up, at least 1
 * @param allowShared keep a neuron selected by several values in each of them
 */
public record SelectionConfig(@JsonProperty(required = true) int topK, @JsonProperty(required = true) double topFraction,
                              @JsonProperty(required = true) boolean allowShared) {
    public SelectionConfig {
        if (topK < 0) throw new IllegalArgumentException("topK must be >= 0, got " + topK);
        if (topK == 0 && !(topFraction > 0 && topFraction <= 1)) {
            throw new IllegalArgumentException("topFraction must be in (0, 1] when topK is 0, got " + topFraction);
        }
    }

    /** Top 1% per value, shared neurons dropped. */
    public static SelectionConfig defaults() {
        return new SelectionConfig(0, 0.01, false);
    }

    public static SelectionConfig topK(int k, boolean allowShared) {
        if (k < 1) throw new IllegalArgumentException("topK must be >= 1, got " + k);
        return new SelectionConfig(k, 0, allowShared);
    }

    public static SelectionConfig topFraction(double fraction, boolean allowShared) {
        return new SelectionConfig(0, fraction, allowShared);
    }

    /** Neurons kept per value out of {@code total} scored neurons. */
    public int perValue(int total) {
        int k = topK > 0 ? topK : (int) Math.max(1, Math.ceil(topFraction * total - 1e-9));
        return Math.min(k, total);
    }
}
