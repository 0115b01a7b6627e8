package dev.lancet.steering.edit;

import dev.lancet.steering.record.NeuronStats;

import java.nio.file.Path;

/**
 * {@code mean}: {@code h[j] = mean[j]} for every chosen neuron j, the mean recorded for this site and layer in a
 * statistics file ({@code lancet record}): mean-ablation.
 */
public record MeanOp(Path stats) implements NeuronOp {
    public MeanOp {
        if (stats == null) throw new IllegalArgumentException("mean needs a statistics file");
    }

    @Override
    public String id() {
        return "mean";
    }

    @Override
    public void check(FieldCheck check) {
    }

    @Override
    public EditKernel bind(OpBinding b) {
        NeuronStats st = b.stats(stats);
        int[] s = b.neurons();
        float[] target = new float[s.length];
        for (int i = 0; i < s.length; i++) target[i] = (float) st.mean(s[i]);
        return (h, off) -> {
            for (int i = 0; i < s.length; i++) h[off + s[i]] = target[i];
        };
    }
}
