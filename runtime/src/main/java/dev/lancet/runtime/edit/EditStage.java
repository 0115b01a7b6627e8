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
 */
public interface EditStage {

    /** Called before layer 0 of each token. {@code generated} is false for prompt tokens. */
    default void beginToken(int position, boolean generated) {
    }

    /** Whether {@link #apply} wants this site of this layer; asked once per site per token. */
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
