package dev.lancet.steering.edit;

/**
 * An op on a site's whole activation vector {@code x} with a given vector {@code v} of the site's width
 * (hidden_size on residual, attn.out and mlp.out). ActAdd / CAA steering and directional ablation.
 */
public sealed interface VectorOp extends EditOp permits VectorAddOp, ProjectOutOp, AblateThenAddOp {
    /** The op's vector as given (a copy). */
    float[] vector();
}
