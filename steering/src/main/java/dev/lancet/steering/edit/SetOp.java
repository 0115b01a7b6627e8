package dev.lancet.steering.edit;

/** {@code set}: {@code h[j] = value} for every chosen neuron j. */
public record SetOp(float value) implements NeuronOp {
    @Override
    public String id() {
        return "set";
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
            for (int j : s) h[off + j] = v;
        };
    }
}
