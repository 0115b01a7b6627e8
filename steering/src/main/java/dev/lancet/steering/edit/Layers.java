package dev.lancet.steering.edit;

import java.util.Arrays;

/**
 * Which layers (0-based) an edit or a recording touches: every layer, an explicit list, or an inclusive range.
 * JSON forms: {@code [2]}, {@code [0, 1, 4]}, {@code "1-3"}, {@code "all"}; CLI forms: {@code all}, {@code 1-3},
 * {@code 0,1,4}. Resolved against a model with {@link #resolve}.
 */
public final class Layers {
    private enum Kind { ALL, LIST, RANGE }

    private static final Layers ALL = new Layers(Kind.ALL, null, 0, 0);

    private final Kind kind;
    private final int[] list;
    private final int from, to;

    private Layers(Kind kind, int[] list, int from, int to) {
        this.kind = kind;
        this.list = list;
        this.from = from;
        this.to = to;
    }

    public static Layers all() {
        return ALL;
    }

    /** An explicit list in the given order; layers must be distinct and non-negative. */
    public static Layers of(int... layers) {
        if (layers.length == 0) throw new IllegalArgumentException("the layer list is empty");
        int[] sorted = layers.clone();
        Arrays.sort(sorted);
        for (int i = 0; i < sorted.length; i++) {
            if (sorted[i] < 0) throw new IllegalArgumentException("layer " + sorted[i] + " is negative");
            if (i > 0 && sorted[i] == sorted[i - 1]) throw new IllegalArgumentException("layer " + sorted[i] + " is listed twice");
        }
        return new Layers(Kind.LIST, layers.clone(), 0, 0);
    }

    /** Layers {@code from..to}, both inclusive. */
    public static Layers range(int from, int to) {
        if (from < 0 || to < from) throw new IllegalArgumentException("layer range " + from + "-" + to + " is empty or negative");
        return new Layers(Kind.RANGE, null, from, to);
    }

    /** Parses {@code all}, {@code 3}, {@code 1-3} or {@code 0,1,4}. */
    public static Layers parse(String text) {
        String s = text.trim();
        if (s.equals("all")) return ALL;
        try {
            int dash = s.indexOf('-');
            if (dash > 0) return range(Integer.parseInt(s.substring(0, dash).trim()), Integer.parseInt(s.substring(dash + 1).trim()));
            String[] parts = s.split(",");
            int[] layers = new int[parts.length];
            for (int i = 0; i < parts.length; i++) layers[i] = Integer.parseInt(parts[i].trim());
            return of(layers);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' is not a layer selector (all, 3, 1-3 or 0,1,4)");
        }
    }

    public boolean isAll() {
        return kind == Kind.ALL;
    }

    /** The layers in order (list order for a list, ascending otherwise); throws naming the first layer out of range. */
    public int[] resolve(int numLayers) {
        int[] out = switch (kind) {
            case ALL -> rangeArray(0, numLayers - 1);
            case RANGE -> rangeArray(from, to);
            case LIST -> list.clone();
        };
        for (int l : out) {
            if (l >= numLayers) {
                throw new IllegalArgumentException("layer " + l + " is out of range: the model has " + numLayers + " layers (0.." + (numLayers - 1) + ")");
            }
        }
        return out;
    }

    private static int[] rangeArray(int from, int to) {
        int[] out = new int[Math.max(0, to - from + 1)];
        for (int i = 0; i < out.length; i++) out[i] = from + i;
        return out;
    }

    /** The explicit list, or null for "all" and ranges (used by the JSON writer). */
    int[] listOrNull() {
        return list == null ? null : list.clone();
    }

    /** The CLI / JSON-string form: {@code all}, {@code 1-3} or {@code 0,1,4}. */
    @Override
    public String toString() {
        return switch (kind) {
            case ALL -> "all";
            case RANGE -> from + "-" + to;
            case LIST -> {
                StringBuilder b = new StringBuilder();
                for (int l : list) b.append(b.isEmpty() ? "" : ",").append(l);
                yield b.toString();
            }
        };
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Layers l && l.kind == kind && Arrays.equals(l.list, list) && l.from == from && l.to == to;
    }

    @Override
    public int hashCode() {
        return kind.hashCode() * 31 + Arrays.hashCode(list) + from * 7 + to;
    }
}
