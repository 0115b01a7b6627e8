package dev.lancet.steering.edit;

/**
 * {@code clamp}: {@code h[j] = min(max(h[j], min), max)} for every chosen neuron j; either bound may be absent
 * (null), meaning unbounded on that side.
 */
public record ClampOp(Float min, Float max) implements NeuronOp {
    @Override
    public String id() {
        return "clamp";
    }

    @Override
    public void check(FieldCheck check) {
        if (min == null && max == null) check.fail("min", "clamp needs 'min', 'max' or both");
        if (min != null) check.finite("min", min);
        if (max != null) check.finite("max", max);
        if (min != null && max != null && min > max) check.fail("min", "min " + min + " is greater than max " + max);
    }

    @Override
    public EditKernel bind(OpBinding b) {
        int[] s = b.neurons();
        float lo = min == null ? Float.NEGATIVE_INFINITY : min;
        float hi = max == null ? Float.POSITIVE_INFINITY : max;
        return (h, off) -> {
            for (int j : s) {
                float v = h[off + j];
                if (v < lo) h[off + j] = lo;
                else if (v > hi) h[off + j] = hi;
            }
        };
    }
}
