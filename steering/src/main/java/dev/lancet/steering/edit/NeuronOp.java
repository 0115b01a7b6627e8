package dev.lancet.steering.edit;

/**
 * An op on chosen entries ("neurons") {@code S} of a site's activation vector {@code h}; entries outside S are never
 * touched. On {@code mlp.neurons}, {@code h = silu(gate) * up} before down_proj.
 */
public sealed interface NeuronOp extends EditOp permits SetOp, ZeroOp, ScaleOp, AddOp, ClampOp, MeanOp, SteerOp {
}
