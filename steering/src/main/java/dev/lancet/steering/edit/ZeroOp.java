package dev.lancet.steering.edit;

/** {@code zero}: {@code h[j] = 0} for every chosen neuron j (the neuron's down_proj column no longer contributes). */
public record ZeroOp() implements NeuronOp {
    @Override
    public String id() {
        return "zero";
    }

    @Override
    public void check(FieldCheck check) {
    }

    @Override
    public EditKernel bind(OpBinding b) {
        int[] s = b.neurons();
        return (h, off) -> {
            for (int j : s) h[off + j] = 0f;
        };
    }
}
