package dev.lancet.runtime.edit;

/**
 * The seam through which edits, recorders and tracers see and change activations inside the forward
 * pass. A session holds at most one (compose several with {@link EditStages#chain}); with none
 * attached the forward pass skips every call site with one null check, so results and cost are those
 * of a runtime without an edit stage.
 *
 * <p>Call order for each token: {@link #beginToken}, then per layer the sites in forward order
 * (attn.out, mlp.gate, mlp.up, mlp.neurons, mlp.out, residual), each only where {@link #touches}
 * said true, then {@link #endToken} with the logits.
 *
 * <p>Batched prefill: a prompt runs through the layers as a batch of consecutive positions
 * p0 .. p0+T-1 (token by token decoding is the batch T = 1). For a batch the calls are:
 * <ol>
 *   <li>{@code beginToken(p, false)} for p = p0 .. p0+T-1, in increasing p, before any site;</li>
 *   <li>for each layer, for each site in forward order: {@link #touches} once, and if true
 *       {@code apply(site, layer, p, values, t * width, width)} for t = 0 .. T-1 in increasing position
 *       (p = p0 + t), each call seeing exactly that position's activations;</li>
 *   <li>{@code endToken(p, logits)} for p = p0 .. p0+T-1, in increasing p, each with that position's logits.</li>
 * </ol>
 * So a stage must take the position from {@link #apply}'s argument, not from state set in beginToken.
 * A stage that acts on each position independently (every edit op, a recorder keyed by position) gives
 * bit-identical activations and logits whether the prompt is batched or fed token by token, because the
 * forward pass sums every element in the same order either way.
 */
public interface EditStage {

    /** Called before layer 0 of each token (of each token of a batch). {@code generated} is false for prompt tokens. */
    default void beginToken(int position, boolean generated) {
    }

    /** Whether {@link #apply} wants this site of this layer; asked once per site per token (per batch when batched). */
    boolean touches(Site site, int layer);

    /**
     * Reads and may change {@code values[offset .. offset+length)}, the activations of {@code site}
     * at {@code layer} for the token at absolute 0-based {@code position}.
     */
    void apply(Site site, int layer, int position, float[] values, int offset, int length);

    /** Called after the logits of the token at {@code position} are computed (read-only). */
    default void endToken(int position, float[] logits) {
    }
}
