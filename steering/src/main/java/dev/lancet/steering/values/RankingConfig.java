package dev.lancet.steering.values;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;

/**
 * How the three scores combine into one ranking score per neuron and value (see
 * {@link NeuronRanking}).
 *
 * @param smdWeight         weight of the max-scaled Cohen's d
 * @param probeWeight       weight of the max-scaled probe coefficient
 * @param specificityWeight weight of the max-scaled LAPE specificity
 * @param direction         whether a neuron that fires less on the value counts too
 */
public record RankingConfig(@JsonProperty(required = true) double smdWeight,
                            @JsonProperty(required = true) double probeWeight,
                            @JsonProperty(required = true) double specificityWeight, Direction direction) {

    public enum Direction {
        /** Rank by |d| and |beta|: neurons that fire more or less on the value both count. */
        ABSOLUTE("absolute"),
        /** Rank by signed d and beta: only neurons that fire more on the value rank high. */
        POSITIVE("positive");

        private final String label;

        Direction(String label) {
            this.label = label;
        }

        @JsonValue
        public String label() {
            return label;
        }

        @JsonCreator
        public static Direction parse(String s) {
            for (Direction d : values()) if (d.label.equals(s.trim().toLowerCase(Locale.ROOT))) return d;
            throw new ValueDataException("unknown ranking direction '" + s + "'; expected absolute or positive");
        }
    }

    public RankingConfig {
        if (!(smdWeight >= 0 && probeWeight >= 0 && specificityWeight >= 0)) {
            throw new IllegalArgumentException("ranking weights must be >= 0, got smd=" + smdWeight + " probe="
                    + probeWeight + " specificity=" + specificityWeight);
        }
        if (!(smdWeight + probeWeight + specificityWeight > 0)) {
            throw new IllegalArgumentException("at least one ranking weight must be > 0");
        }
        if (direction == null) throw new IllegalArgumentException("ranking direction missing");
    }

    /** Equal weights, absolute direction. */
    public static RankingConfig defaults() {
        return new RankingConfig(1, 1, 1, Direction.ABSOLUTE);
    }
}
