package dev.lancet.steering.edit;

import dev.lancet.runtime.edit.EditStage;
import dev.lancet.runtime.edit.Site;
import dev.lancet.runtime.model.LlamaModel;
import dev.lancet.steering.edit.trace.EditTrace;

import java.util.ArrayList;
import java.util.List;

/**
 * An {@link EditPlan} bound to a model: the {@link EditStage} a session runs. Edits are indexed by site and layer,
 * so {@link #touches} is one array read, and {@link #apply} runs that site's kernels in plan order. Nothing is
 * allocated per token unless a trace is attached.
 *
 * <p>Per-token state (position, prompt/generated, schedule step) lives here: use one bound plan per session.
 */
public final class BoundEditPlan implements EditStage {
    /** One edit at one layer. */
    record BoundEdit(int index, Edit edit, int layer, EditKernel kernel) {
    }

    private static final int SITES = Site.values().length;

    private final EditPlan plan;
    private final LlamaModel model;
    private final int numLayers;
    /** bySiteLayer[site.ordinal() * numLayers + layer]: the edits there in plan order, or null. */
    private final BoundEdit[][] bySiteLayer;
    private final boolean[] touched;
    private final EditTrace trace;
    /** The activations before an edit: for schedules and traces, sized to the widest site. */
    private final float[] before;
    /** Whether the tokens of the current forward call were sampled (one flag per call, prompt batches are all false). */
    private boolean generated;
    /** End of the latest run of prompt tokens: generated step t sits at position promptEnd + t - 1. */
    private int promptEnd;

    BoundEditPlan(EditPlan plan, LlamaModel model, List<BoundEdit> edits, EditTrace trace) {
        this.plan = plan;
        this.model = model;
        this.numLayers = model.config().numLayers();
        this.trace = trace;
        List<List<BoundEdit>> lists = new ArrayList<>();
        for (int i = 0; i < SITES * numLayers; i++) lists.add(null);
        for (BoundEdit e : edits) {
            int key = e.edit().site().ordinal() * numLayers + e.layer();
            if (lists.get(key) == null) lists.set(key, new ArrayList<>());
            lists.get(key).add(e);
        }
        bySiteLayer = new BoundEdit[SITES * numLayers][];
        touched = new boolean[SITES * numLayers];
        for (int i = 0; i < bySiteLayer.length; i++) {
            if (lists.get(i) != null) {
                bySiteLayer[i] = lists.get(i).toArray(BoundEdit[]::new);
                touched[i] = true;
            }
        }
        before = new float[Math.max(model.config().hiddenSize(), model.config().intermediateSize())];
    }

    public EditPlan plan() {
        return plan;
    }

    public EditTrace trace() {
        return trace;
    }

    /** A prefill batch calls this for each of its positions before any apply, so per-token choices are made in apply. */
    @Override
    public void beginToken(int position, boolean generated) {
        this.generated = generated;
        if (!generated) promptEnd = position + 1;
    }

    @Override
    public boolean touches(Site site, int layer) {
        return touched[site.ordinal() * numLayers + layer];
    }

    @Override
    public void apply(Site site, int layer, int position, float[] values, int offset, int length) {
        BoundEdit[] list = bySiteLayer[site.ordinal() * numLayers + layer];
        if (list == null) return;
        for (BoundEdit e : list) {
            Edit edit = e.edit();
            if (!edit.positions().matches(position, generated)) continue;
            float s = edit.schedule() == null ? 1f : edit.schedule().at(generated ? Math.max(1, position - promptEnd + 1) : 0);
            if (s == 0f) continue;
            boolean keep = s != 1f || trace != null;
            if (keep) System.arraycopy(values, offset, before, 0, length);
            e.kernel().apply(values, offset);
            if (s != 1f) {
                // h' = h + s (e(h) - h)
                for (int i = 0; i < length; i++) values[offset + i] = before[i] + s * (values[offset + i] - before[i]);
            }
            if (trace != null) trace.record(e.index(), edit.op().id(), site, layer, position, before, values, offset, length, model);
        }
    }
}
