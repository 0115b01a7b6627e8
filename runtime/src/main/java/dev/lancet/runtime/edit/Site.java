package dev.lancet.runtime.edit;

import dev.lancet.runtime.LancetException;

/**
 * Named activation sites of a decoder block, the same names in the JSON edit contract, the Java API,
 * recordings, traces and docs (layers 0-based).
 */
public enum Site {
    /** Gate projection before the activation: {@code gate = W_gate x}, width intermediate_size. */
    MLP_GATE("mlp.gate"),
    /** Up projection: {@code up = W_up x}, width intermediate_size. */
    MLP_UP("mlp.up"),
    /** Neuron activations {@code h = silu(gate) * up} before down_proj: the edit stage proper. */
    MLP_NEURONS("mlp.neurons"),
    /** down_proj output {@code W_down h}, before the residual add, width hidden_size. */
    MLP_OUT("mlp.out"),
    /** o_proj output before its residual add, width hidden_size. */
    ATTN_OUT("attn.out"),
    /** The residual stream at the output of block L, after the MLP residual add (llama.cpp's control-vector point). */
    RESIDUAL("residual");

    private final String id;

    Site(String id) {
        this.id = id;
    }

    /** The dotted name used everywhere outside Java. */
    public String id() {
        return id;
    }

    /** True for sites whose width is intermediate_size (else hidden_size). */
    public boolean isNeuronSite() {
        return this == MLP_GATE || this == MLP_UP || this == MLP_NEURONS;
    }

    public static Site parse(String id) {
        for (Site s : values()) if (s.id.equals(id)) return s;
        StringBuilder known = new StringBuilder();
        for (Site s : values()) known.append(known.isEmpty() ? "" : ", ").append(s.id);
        throw new LancetException("unknown site '" + id + "' (known: " + known + ")");
    }

    @Override
    public String toString() {
        return id;
    }
}
