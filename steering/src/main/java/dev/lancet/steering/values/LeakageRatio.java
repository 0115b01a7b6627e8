package dev.lancet.steering.values;

/**
 * A leakage ratio that may be undefined: when steering did not raise the target value
 * (dS_target <= 0) there is nothing to normalise by, and the ratio is reported as undefined
 * rather than as a number.
 *
 * @param value   the ratio, NaN when undefined
 * @param defined false when dS_target <= 0
 */
public record LeakageRatio(double value, boolean defined) {
    public LeakageRatio {
        if (defined && !Double.isFinite(value)) throw new IllegalArgumentException("a defined ratio must be finite, got " + value);
        if (!defined) value = Double.NaN;
    }

    public static LeakageRatio of(double value) {
        return new LeakageRatio(value, true);
    }

    public static LeakageRatio undefined() {
        return new LeakageRatio(Double.NaN, false);
    }

    /** The value, or null when undefined (the JSON form). */
    public Double orNull() {
        return defined ? value : null;
    }

    @Override
    public String toString() {
        return defined ? Double.toString(value) : "undefined";
    }
}
