package dev.lancet.steering.edit;

/**
 * An edit operation: its parameters and its arithmetic, one class per op (the formula is in each class's comment).
 * Neuron ops change chosen entries of a site; vector ops change the whole activation vector along a direction.
 */
public sealed interface EditOp permits NeuronOp, VectorOp {
    /** The op's name in the JSON contract ({@code "set"}, {@code "project_out"}, ...). */
    String id();

    /** Rejects parameters that are wrong whatever the model (NaN, infinity, an empty vector), naming the field. */
    void check(FieldCheck check);

    /** The kernel for one site and layer; model-dependent problems go through {@link OpBinding#fail}. */
    EditKernel bind(OpBinding binding);

    /** Reports a bad parameter: {@code field} is the JSON field name. */
    @FunctionalInterface
    interface FieldCheck {
        void fail(String field, String detail);

        default void finite(String field, float v) {
            if (!Float.isFinite(v)) fail(field, v + " is not a finite number");
        }

        default void finite(String field, float[] v) {
            for (int i = 0; i < v.length; i++) {
                if (!Float.isFinite(v[i])) fail(field, "entry " + i + " is " + v[i] + ", not a finite number");
            }
        }
    }
}
