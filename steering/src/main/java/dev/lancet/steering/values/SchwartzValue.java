package dev.lancet.steering.values;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Schwartz's ten basic human values, declared in circumplex order: walking round the circle from
 * self-direction each value sits next to the one before it, and universalism closes the circle
 * back to self-direction. {@link #ordinal()} is therefore the circumplex position, and every array
 * indexed by value in this package uses it.
 *
 * <p>The circle is simplified to ten equal 36 degree sectors. (In Schwartz's figure conformity and
 * tradition share one sector, tradition outside conformity; here they are two neighbours.)
 */
public enum SchwartzValue {
    SELF_DIRECTION("self-direction", "SD"),
    STIMULATION("stimulation", "ST"),
    HEDONISM("hedonism", "HE"),
    ACHIEVEMENT("achievement", "AC"),
    POWER("power", "PO"),
    SECURITY("security", "SE"),
    CONFORMITY("conformity", "CO"),
    TRADITION("tradition", "TR"),
    BENEVOLENCE("benevolence", "BE"),
    UNIVERSALISM("universalism", "UN");

    /** Number of values, the size of every per-value array. */
    public static final int COUNT = 10;

    private static final SchwartzValue[] ALL = values();

    private final String label;
    private final String abbreviation;

    SchwartzValue(String label, String abbreviation) {
        this.label = label;
        this.abbreviation = abbreviation;
    }

    /** Canonical lowercase name, e.g. {@code self-direction}; the form written to every file. */
    @JsonValue
    public String label() {
        return label;
    }

    /** Schwartz's two-letter abbreviation, e.g. {@code SD}. */
    public String abbreviation() {
        return abbreviation;
    }

    /** Position on the circumplex, 0 (self-direction) to 9 (universalism). */
    public int position() {
        return ordinal();
    }

    /** Angle on the circumplex in degrees: position * 36. */
    public double angleDegrees() {
        return ordinal() * (360.0 / COUNT);
    }

    /** Steps between two values going the short way round the circle: 0 (same) to 5 (opposite). */
    public int circumplexDistance(SchwartzValue other) {
        int d = Math.abs(ordinal() - other.ordinal());
        return Math.min(d, COUNT - d);
    }

    /** The two neighbours on the circle. */
    public Set<SchwartzValue> neighbours() {
        return EnumSet.of(ALL[(ordinal() + 1) % COUNT], ALL[(ordinal() + COUNT - 1) % COUNT]);
    }

    public boolean isAdjacentTo(SchwartzValue other) {
        return circumplexDistance(other) == 1;
    }

    /** The higher-order groups this value belongs to: one, or two for hedonism. */
    public Set<ValueGroup> groups() {
        return ValueGroup.of(this);
    }

    /** True when the two values share at least one higher-order group. */
    public boolean sharesGroupWith(SchwartzValue other) {
        for (ValueGroup g : groups()) {
            if (g.contains(other)) return true;
        }
        return false;
    }

    /** The value at a circumplex position 0..9. */
    public static SchwartzValue atPosition(int position) {
        if (position < 0 || position >= COUNT) {
            throw new IllegalArgumentException("circumplex position must be 0..9, got " + position);
        }
        return ALL[position];
    }

    /**
     * Reads a value name tolerantly: case, spaces, underscores and hyphens are ignored
     * ({@code Self-Direction}, {@code self_direction}, {@code SELF DIRECTION}, {@code selfdirection}),
     * and Schwartz's two-letter abbreviations are accepted.
     */
    public static Optional<SchwartzValue> tryParse(String name) {
        if (name == null) return Optional.empty();
        String key = compact(name);
        if (key.isEmpty()) return Optional.empty();
        for (SchwartzValue v : ALL) {
            if (compact(v.label).equals(key) || v.abbreviation.toLowerCase(Locale.ROOT).equals(key)) {
                return Optional.of(v);
            }
        }
        return Optional.empty();
    }

    /** Like {@link #tryParse} but throws a {@link ValueDataException} naming the bad name. */
    @JsonCreator
    public static SchwartzValue parse(String name) {
        return tryParse(name).orElseThrow(() -> new ValueDataException(
                "unknown value name '" + name + "'; expected one of " + labels()));
    }

    /** The ten canonical names in circumplex order, comma separated (for messages and docs). */
    public static String labels() {
        StringBuilder sb = new StringBuilder();
        for (SchwartzValue v : ALL) {
            if (!sb.isEmpty()) sb.append(", ");
            sb.append(v.label);
        }
        return sb.toString();
    }

    private static String compact(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '-' || c == '_' || Character.isWhitespace(c)) continue;
            sb.append(Character.toLowerCase(c));
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return label;
    }
}
