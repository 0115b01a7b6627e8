package dev.lancet.steering.edit;

/** {@code scale}: {@code h[j] = factor * h[j]} for every chosen neuron j (factor 1 leaves h bit-identical). */
public record ScaleOp(float factor) implements NeuronOp {
    @Override
    public String id() {
        return "scale";
    }

    @Override
    public void check(FieldCheck check) {
        check.finite("factor", factor);
    }

    @Override
    public EditKernel bind(OpBinding b) {
        int[] s = b.neurons();
        float f = factor;
        return (h, off) -> {
            for (int j : s) h[off + j] *= f;
        };
    }
}
