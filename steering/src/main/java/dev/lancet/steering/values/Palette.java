package dev.lancet.steering.values;

import java.util.Locale;

/** Colours of the report: a hue per value round the circumplex, a colour per method, a diverging scale. */
final class Palette {
    private static final String[] METHODS = {"#2166ac", "#d6604d", "#1b7837", "#762a83", "#e08214", "#4d4d4d"};
    private static final String[] CLASSES = {"#d6604d", "#4393c3", "#9970ab", "#d9d9d9"};

    private Palette() {}

    /**
     * The value's colour: hue = its circumplex angle, so neighbours look related; lightness
     * alternates round the circle so that neighbours stay distinguishable.
     */
    static String value(SchwartzValue v) {
        return hsl(v.angleDegrees(), 0.6, v.position() % 2 == 0 ? 0.42 : 0.64);
    }

    static String method(int index) {
        return METHODS[index % METHODS.length];
    }

    static String unitClass(UnitClass c) {
        return CLASSES[c.ordinal()];
    }

    /** Diverging blue (-1) / white (0) / red (+1) for t clamped to [-1, 1]; grey for NaN. */
    static String diverging(double t) {
        if (Double.isNaN(t)) return "#bdbdbd";
        double x = Math.max(-1, Math.min(1, t));
        int[] end = x < 0 ? new int[] {33, 102, 172} : new int[] {178, 24, 43};
        double a = Math.abs(x);
        int r = (int) Math.round(255 + (end[0] - 255) * a);
        int g = (int) Math.round(255 + (end[1] - 255) * a);
        int b = (int) Math.round(255 + (end[2] - 255) * a);
        return String.format(Locale.ROOT, "#%02x%02x%02x", r, g, b);
    }

    /** Dark text on light cells, white on dark ones. */
    static String textOn(double t) {
        return !Double.isNaN(t) && Math.abs(t) > 0.6 ? "#ffffff" : "#222222";
    }

    private static String hsl(double hueDeg, double s, double l) {
        double c = (1 - Math.abs(2 * l - 1)) * s;
        double hp = (hueDeg % 360) / 60.0;
        double x = c * (1 - Math.abs(hp % 2 - 1));
        double r = 0;
        double g = 0;
        double b = 0;
        if (hp < 1) { r = c; g = x; } else if (hp < 2) { r = x; g = c; } else if (hp < 3) { g = c; b = x; }
        else if (hp < 4) { g = x; b = c; } else if (hp < 5) { r = x; b = c; } else { r = c; b = x; }
        double m = l - c / 2;
        return String.format(Locale.ROOT, "#%02x%02x%02x", (int) Math.round((r + m) * 255),
                (int) Math.round((g + m) * 255), (int) Math.round((b + m) * 255));
    }
}
