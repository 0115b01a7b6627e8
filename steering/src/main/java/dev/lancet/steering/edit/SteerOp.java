package dev.lancet.steering.edit;

import dev.lancet.steering.record.NeuronStats;

import java.nio.file.Path;

/**
 * {@code steer}: {@code h[j] = target[j]} for every chosen neuron j, where either
 * {@code target[j] = mean[j] + k * std[j]} from a statistics file (std the population standard deviation,
 * {@code sqrt(M2 / count)}), or {@code target} is given per neuron ({@code values}, one per chosen neuron, in order).
 */
public record SteerOp(Path stats, float k, float[] values) implements NeuronOp {
    public SteerOp {
        if ((stats == null) == (values == null)) throw new IllegalArgumentException("steer needs either a statistics file and k, or per-neuron values");
        values = values == null ? null : values.clone();
    }

    public static SteerOp fromStats(Path stats, float k) {
        return new SteerOp(stats, k, null);
    }

    public static SteerOp toValues(float... values) {
        return new SteerOp(null, 0f, values);
    }

    @Override
    public float[] values() {
        return values == null ? null : values.clone();
    }

    @Override
    public String id() {
        return "steer";
    }

    @Override
    public void check(FieldCheck check) {
        if (values != null) check.finite("values", values);
        else check.finite("k", k);
    }

    @Override
    public EditKernel bind(OpBinding b) {
        int[] s = b.neurons();
        float[] target;
        if (values != null) {
            if (values.length != s.length) {
                throw b.fail("values", values.length + " values for " + s.length + " neurons; give one per chosen neuron");
            }
            target = values.clone();
        } else {
            NeuronStats st = b.stats(stats);
            target = new float[s.length];
            for (int i = 0; i < s.length; i++) target[i] = (float) (st.mean(s[i]) + k * st.std(s[i]));
        }
        return (h, off) -> {
            for (int i = 0; i < s.length; i++) h[off + s[i]] = target[i];
        };
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SteerOp so && java.util.Objects.equals(so.stats, stats) && Float.compare(so.k, k) == 0
                && java.util.Arrays.equals(so.values, values);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(stats, k) * 31 + java.util.Arrays.hashCode(values);
    }

    @Override
    public String toString() {
        return values != null ? "SteerOp[values=" + values.length + "]" : "SteerOp[stats=" + stats + ", k=" + k + "]";
    }
}
