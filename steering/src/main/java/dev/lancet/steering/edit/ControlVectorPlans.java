package dev.lancet.steering.edit;

import dev.lancet.runtime.edit.Site;
import dev.lancet.runtime.gguf.ControlVector;
import dev.lancet.runtime.gguf.ControlVectorException;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * llama.cpp control vectors as edit plans and back. A control vector's {@code direction.N} is added to the output of
 * block N, which is exactly a {@code residual} {@code add} at layer N with coefficient 1:
 * <pre>  direction.N = v  <->  {"site": "residual", "layers": [N], "op": "add", "vector": v, "coefficient": 1}</pre>
 * Export writes {@code coefficient * v} (in float, as {@link VectorAddOp} adds it), so a plan exported and imported
 * again adds the same floats: bit-identical logits when each layer has one add.
 */
public final class ControlVectorPlans {
    private ControlVectorPlans() {
    }

    /** One residual add per direction, ascending layer order. */
    public static EditPlan toPlan(ControlVector cv) {
        List<Edit> edits = new ArrayList<>();
        cv.directions().forEach((layer, v) -> edits.add(Edit.on(Site.RESIDUAL).layers(layer).addVector(v, 1f)));
        return new EditPlan(edits, cv.source());
    }

    /**
     * The plan's residual adds as a control vector. Every edit must be a residual vector {@code add} at every position
     * with no schedule, on layers >= 1 ({@code numLayers} resolves {@code "all"} and ranges; pass -1 when unknown,
     * and then only explicit lists work). Several adds on one layer are summed in float, in plan order.
     */
    public static ControlVector toControlVector(EditPlan plan, int numLayers, String modelHint) {
        Map<Integer, float[]> directions = new TreeMap<>();
        List<Edit> edits = plan.edits();
        if (edits.isEmpty()) throw new ControlVectorException(plan.source() + ": the plan has no edits to export");
        for (int i = 0; i < edits.size(); i++) {
            Edit e = edits.get(i);
            if (e.site() != Site.RESIDUAL || !(e.op() instanceof VectorAddOp add)) {
                throw new EditSpecException(plan.source(), i, "op", "only residual 'add' edits with a vector can be exported as a control vector (this is "
                        + e.op().id() + " on " + e.site().id() + ")");
            }
            if (!e.positions().isAll()) {
                throw new EditSpecException(plan.source(), i, "positions", "a control vector applies at every position; this edit has positions " + e.positions());
            }
            if (e.schedule() != null) throw new EditSpecException(plan.source(), i, "schedule", "a control vector has no schedule");
            int[] layers;
            if (e.layers().listOrNull() == null && numLayers < 0) {
                throw new EditSpecException(plan.source(), i, "layers", "\"" + e.layers() + "\" needs the model's layer count; pass --model or list the layers");
            }
            try {
                layers = e.layers().listOrNull() != null ? e.layers().listOrNull() : e.layers().resolve(numLayers);
            } catch (IllegalArgumentException ex) {
                throw new EditSpecException(plan.source(), i, "layers", ex.getMessage());
            }
            float[] w = add.scaledVector();
            for (int layer : layers) {
                if (layer == 0) {
                    throw new EditSpecException(plan.source(), i, "layers", "layer 0 cannot be exported: llama.cpp control vectors start at direction.1 "
                            + "(direction.N is added to the output of block N)");
                }
                float[] acc = directions.get(layer);
                if (acc == null) {
                    directions.put(layer, w.clone());
                } else {
                    if (acc.length != w.length) {
                        throw new EditSpecException(plan.source(), i, "vector", "has " + w.length + " entries but an earlier edit at layer " + layer + " has " + acc.length);
                    }
                    for (int k = 0; k < acc.length; k++) acc[k] += w[k];
                }
            }
        }
        return new ControlVector(directions, modelHint, plan.source());
    }
}
