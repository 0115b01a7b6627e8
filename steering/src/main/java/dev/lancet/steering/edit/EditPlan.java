package dev.lancet.steering.edit;

import dev.lancet.runtime.config.ModelConfig;
import dev.lancet.runtime.model.LlamaModel;
import dev.lancet.steering.edit.trace.EditTrace;
import dev.lancet.steering.record.ActivationStats;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An immutable, ordered list of {@link Edit}s: the one contract behind {@code --edits FILE} (JSON, see
 * {@link EditPlanJson}), control vectors and the Java API. Edits on the same site and layer apply in list order.
 *
 * <p>Checks that need no model run when the plan is built; {@link #bind} checks the rest against a model (layer and
 * neuron ranges, vector lengths, statistics files) before returning a stage, so nothing ever runs half-edited.
 * A plan is shared freely; bind it once per session and swap stages between requests with
 * {@code session.setEditStage(plan.bind(model))}.
 */
public final class EditPlan {
    private static final EditPlan EMPTY = new EditPlan(List.of(), "edit plan");

    private final List<Edit> edits;
    private final String source;

    /** {@code source} names the plan in error messages (a file path, "edit plan"). */
    public EditPlan(List<Edit> edits, String source) {
        this.edits = List.copyOf(edits);
        this.source = source == null ? "edit plan" : source;
        for (int i = 0; i < this.edits.size(); i++) check(i, this.edits.get(i));
    }

    public static EditPlan empty() {
        return EMPTY;
    }

    public static EditPlan of(Edit... edits) {
        return new EditPlan(List.of(edits), null);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Reads a JSON plan ({@code {"edits": [...]}}); relative statistics paths resolve against the file's folder. */
    public static EditPlan read(Path file) {
        return EditPlanJson.read(file);
    }

    public List<Edit> edits() {
        return edits;
    }

    public int size() {
        return edits.size();
    }

    public boolean isEmpty() {
        return edits.isEmpty();
    }

    public String source() {
        return source;
    }

    /** This plan's edits followed by {@code other}'s (indices continue). */
    public EditPlan concat(EditPlan other) {
        if (other.isEmpty()) return this;
        if (isEmpty()) return other;
        List<Edit> all = new ArrayList<>(edits);
        all.addAll(other.edits);
        return new EditPlan(all, source + " + " + other.source);
    }

    /** The plan in the JSON contract. */
    public String toJson() {
        return EditPlanJson.write(this);
    }

    /** Checks the plan against a model without keeping a stage (same errors as {@link #bind}). */
    public void validate(LlamaModel model) {
        bind(model, null);
    }

    /** A stage for one session (it keeps per-token state), or throws naming the first bad edit and field. */
    public BoundEditPlan bind(LlamaModel model) {
        return bind(model, null);
    }

    /**
     * As {@link #bind(LlamaModel)}, recording every application into {@code trace} when it is not null
     * (tracing copies activations; without a trace the stage allocates nothing per token).
     */
    public BoundEditPlan bind(LlamaModel model, EditTrace trace) {
        ModelConfig c = model.config();
        int numLayers = c.numLayers();
        Map<Path, ActivationStats> statsCache = new HashMap<>();
        List<BoundEditPlan.BoundEdit> bound = new ArrayList<>();
        for (int i = 0; i < edits.size(); i++) {
            Edit e = edits.get(i);
            int[] layers;
            try {
                layers = e.layers().resolve(numLayers);
            } catch (IllegalArgumentException ex) {
                throw new EditSpecException(source, i, "layers", ex.getMessage());
            }
            int width = e.site().isNeuronSite() ? c.intermediateSize() : c.hiddenSize();
            int[] neurons = neurons(i, e, width);
            for (int layer : layers) {
                OpBinding b = new OpBinding(source, i, e.site(), layer, width, neurons, statsCache);
                EditKernel k = e.op().bind(b);
                bound.add(new BoundEditPlan.BoundEdit(i, e, layer, k));
            }
        }
        return new BoundEditPlan(this, model, bound, trace);
    }

    private int[] neurons(int index, Edit e, int width) {
        int[] given = e.neurons();
        if (given == null) {
            int[] all = new int[width];
            for (int j = 0; j < width; j++) all[j] = j;
            return all;
        }
        for (int n : given) {
            if (n >= width) {
                throw new EditSpecException(source, index, "neurons", "neuron " + n + " is out of range: " + e.site().id()
                        + " has " + width + " entries (0.." + (width - 1) + ")");
            }
        }
        return given;
    }

    /** Model-independent checks, run when the plan is built. */
    private void check(int i, Edit e) {
        EditOp.FieldCheck fail = (field, detail) -> {
            throw new EditSpecException(source, i, field, detail);
        };
        int[] n = e.neurons();
        if (e.op() instanceof VectorOp && n != null) {
            fail.fail("neurons", "does not apply to the vector op '" + e.op().id() + "' (its vector covers the whole site)");
        }
        if (n != null) {
            if (n.length == 0) fail.fail("neurons", "is empty");
            int[] sorted = n.clone();
            Arrays.sort(sorted);
            for (int j = 0; j < sorted.length; j++) {
                if (sorted[j] < 0) fail.fail("neurons", "neuron " + sorted[j] + " is negative");
                if (j > 0 && sorted[j] == sorted[j - 1]) fail.fail("neurons", "neuron " + sorted[j] + " is listed twice");
            }
        }
        if (e.schedule() != null) {
            float[] s = e.schedule().steps();
            fail.finite("schedule", s);
        }
        e.op().check(fail);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof EditPlan p && p.edits.equals(edits);
    }

    @Override
    public int hashCode() {
        return edits.hashCode();
    }

    @Override
    public String toString() {
        return "EditPlan[" + source + ", " + edits.size() + " edits]";
    }

    /** Collects edits in order. */
    public static final class Builder {
        private final List<Edit> edits = new ArrayList<>();
        private String source;

        public Builder add(Edit edit) {
            edits.add(edit);
            return this;
        }

        public Builder addAll(EditPlan plan) {
            edits.addAll(plan.edits());
            return this;
        }

        /** Names the plan in error messages. */
        public Builder source(String source) {
            this.source = source;
            return this;
        }

        public EditPlan build() {
            return new EditPlan(edits, source);
        }
    }

}
