package dev.lancet.steering.edit.trace;

import dev.lancet.runtime.edit.Site;
import dev.lancet.runtime.model.LlamaModel;
import dev.lancet.runtime.tensor.Matrix;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Collects {@link TraceEntry}s while a traced plan runs ({@code plan.bind(model, trace)}). One trace per session;
 * entries are kept in the order the forward pass applied the edits (position, then layer, then site, then plan order).
 */
public final class EditTrace {
    private final List<TraceEntry> entries = new ArrayList<>();

    /**
     * Called by the bound plan after each edit: {@code before[0 .. length)} held the site's activations before it,
     * {@code values[offset ..]} holds them after.
     */
    public void record(int edit, String op, Site site, int layer, int position, float[] before, float[] values, int offset,
                       int length, LlamaModel model) {
        int changed = 0;
        for (int i = 0; i < length; i++) if (Float.floatToRawIntBits(before[i]) != Float.floatToRawIntBits(values[offset + i])) changed++;
        int[] idx = new int[changed];
        float[] old = new float[changed], now = new float[changed];
        for (int i = 0, k = 0; i < length; i++) {
            if (Float.floatToRawIntBits(before[i]) != Float.floatToRawIntBits(values[offset + i])) {
                idx[k] = i;
                old[k] = before[i];
                now[k] = values[offset + i];
                k++;
            }
        }
        entries.add(new TraceEntry(edit, op, site, layer, position, idx, old, now, residualChange(site, layer, idx, old, now, model)));
    }

    /** The change in the residual stream that the sparse change causes, by the site's linear map into it. */
    static double[] residualChange(Site site, int layer, int[] idx, float[] old, float[] now, LlamaModel model) {
        int hidden = model.config().hiddenSize();
        return switch (site) {
            case MLP_NEURONS -> {
                // m = W_down h is linear in h: delta m = W_down[:, S] . delta_h, and m is added to the residual.
                Matrix down = model.layer(layer).down();
                double[] r = new double[hidden];
                for (int k = 0; k < idx.length; k++) {
                    double d = (double) now[k] - old[k];
                    for (int i = 0; i < hidden; i++) r[i] += down.get(i, idx[k]) * d;
                }
                yield r;
            }
            case ATTN_OUT, MLP_OUT, RESIDUAL -> {
                // Added to (or part of) the residual stream as they are.
                double[] r = new double[hidden];
                for (int k = 0; k < idx.length; k++) r[idx[k]] = (double) now[k] - old[k];
                yield r;
            }
            case MLP_GATE, MLP_UP -> null; // goes through silu(gate) * up: not linear in the change
        };
    }

    public List<TraceEntry> entries() {
        return List.copyOf(entries);
    }

    public void clear() {
        entries.clear();
    }

    @Override
    public String toString() {
        return "EditTrace[" + entries.size() + " entries" + (entries.isEmpty() ? "" : ", first " + entries.getFirst().site()
                + " layer " + entries.getFirst().layer() + " neurons " + Arrays.toString(entries.getFirst().neurons())) + "]";
    }
}
