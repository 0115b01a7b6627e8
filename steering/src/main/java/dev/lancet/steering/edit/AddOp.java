package dev.lancet.steering.edit;

/** {@code add} (on neurons): {@code h[j] = h[j] + value} for every chosen neuron j (value 0 leaves h bit-identical). */
public record AddOp(float value) implements NeuronOp {
    @Override
    public String id() {
        return "add";
    }

    @Override
    public void check(FieldCheck check) {
        check.finite("value", value);
    }

    @Override
    public EditKernel bind(OpBinding b) {
        int[] s = b.neurons();
        float v = value;
        return (h, off) -> {
            for (int j : s) h[off + j] += v;
        };
    }
}
