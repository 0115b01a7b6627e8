package dev.lancet.steering.values;

import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Positive and negative example masks per value over one fixed list of examples. Row {@code e} of
 * every activation matrix passed to {@link NeuronScores} must belong to example {@code e} here.
 * Values left out of the contrast have null masks and are not scored.
 */
public final class ValueContrast {
    private final int size;
    private final ContrastMode mode;
    private final Set<SchwartzValue> values;
    private final boolean[][] positive = new boolean[SchwartzValue.COUNT][];
    private final boolean[][] negative = new boolean[SchwartzValue.COUNT][];
    private final int[] positiveCount = new int[SchwartzValue.COUNT];
    private final int[] negativeCount = new int[SchwartzValue.COUNT];
    private final List<ValueDialogue> examples;

    private ValueContrast(int[][] labels, ContrastMode mode, Set<SchwartzValue> values, int minPerClass,
                          String source, List<ValueDialogue> examples) {
        if (values.isEmpty()) throw new ValueDataException(source + ": no values asked for in the contrast");
        if (minPerClass < 1) throw new IllegalArgumentException("minPerClass must be >= 1, got " + minPerClass);
        this.size = labels.length;
        this.mode = mode;
        this.values = Collections.unmodifiableSet(EnumSet.copyOf(values));
        this.examples = examples;
        for (int e = 0; e < size; e++) {
            if (labels[e].length != SchwartzValue.COUNT) {
                throw new ValueDataException(source + ": labels of example " + e + " have length " + labels[e].length
                        + ", expected " + SchwartzValue.COUNT + " (one per value in circumplex order)");
            }
        }
        for (SchwartzValue v : this.values) {
            int k = v.ordinal();
            boolean[] pos = new boolean[size];
            boolean[] neg = new boolean[size];
            for (int e = 0; e < size; e++) {
                int s = labels[e][k];
                if (s != 1 && s != 0 && s != -1) {
                    throw new ValueDataException(source + ": label of example " + e + " for " + v
                            + " must be -1, 0 or 1, got " + s);
                }
                pos[e] = s == 1;
                neg[e] = mode.isNegative(s);
                if (pos[e]) positiveCount[k]++;
                if (neg[e]) negativeCount[k]++;
            }
            if (positiveCount[k] < minPerClass || negativeCount[k] < minPerClass) {
                throw new ValueDataException(source + ": value '" + v + "' has " + positiveCount[k]
                        + " promoting and " + negativeCount[k] + " " + (mode == ContrastMode.PROMOTE_VS_REST ? "other" : "violating")
                        + " examples under contrast " + mode + "; each class needs at least " + minPerClass
                        + " (leave the value out, or use another contrast mode or data set)");
            }
            positive[k] = pos;
            negative[k] = neg;
        }
    }

    /** A contrast over labelled dialogues; row {@code e} is {@code dialogues.get(e)}. */
    public static ValueContrast of(List<ValueDialogue> dialogues, ContrastMode mode, Set<SchwartzValue> values,
                                   int minPerClass, String source) {
        int[][] labels = new int[dialogues.size()][SchwartzValue.COUNT];
        for (int e = 0; e < dialogues.size(); e++) {
            for (SchwartzValue v : SchwartzValue.values()) labels[e][v.ordinal()] = dialogues.get(e).label(v);
        }
        return new ValueContrast(labels, mode, values, minPerClass, source, List.copyOf(dialogues));
    }

    /**
     * A contrast over raw labels {@code [example][value]} in {-1, 0, 1}, values in circumplex order
     * (for synthetic data or callers that keep their own examples).
     */
    public static ValueContrast fromLabels(int[][] labels, ContrastMode mode, Set<SchwartzValue> values,
                                           int minPerClass, String source) {
        return new ValueContrast(labels, mode, values, minPerClass, source, List.of());
    }

    /** Number of examples (rows of the activation matrices). */
    public int size() {
        return size;
    }

    public ContrastMode mode() {
        return mode;
    }

    /** The values this contrast scores. */
    public Set<SchwartzValue> values() {
        return values;
    }

    public boolean includes(SchwartzValue v) {
        return positive[v.ordinal()] != null;
    }

    /** The examples in row order (empty when built from raw labels). */
    public List<ValueDialogue> examples() {
        return examples;
    }

    /** Mask of examples promoting {@code v}; do not modify. */
    public boolean[] positive(SchwartzValue v) {
        return requireIncluded(v, positive[v.ordinal()]);
    }

    /** Mask of the negative class for {@code v}; do not modify. */
    public boolean[] negative(SchwartzValue v) {
        return requireIncluded(v, negative[v.ordinal()]);
    }

    public int positiveCount(SchwartzValue v) {
        requireIncluded(v, positive[v.ordinal()]);
        return positiveCount[v.ordinal()];
    }

    public int negativeCount(SchwartzValue v) {
        requireIncluded(v, negative[v.ordinal()]);
        return negativeCount[v.ordinal()];
    }

    private boolean[] requireIncluded(SchwartzValue v, boolean[] mask) {
        if (mask == null) throw new ValueDataException("value '" + v + "' is not part of this contrast (values: " + values + ")");
        return mask;
    }
}
