package dev.lancet.steering.values.pipeline;

import dev.lancet.runtime.edit.Site;
import dev.lancet.steering.edit.Edit;
import dev.lancet.steering.edit.EditPlan;
import dev.lancet.steering.edit.ScaleOp;
import dev.lancet.steering.edit.SteerOp;
import dev.lancet.steering.edit.VectorAddOp;
import dev.lancet.steering.values.LocatedNeuron;
import dev.lancet.steering.values.LocatedNeurons;
import dev.lancet.steering.values.SchwartzValue;
import dev.lancet.steering.values.ValueDataException;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Step 3: steering toward a value as an edit plan in the edit-stage contract (inspectable JSON,
 * reusable with {@code generate --edits}).
 * <ul>
 *   <li>Neuron editing, {@link NeuronMode#STEER} (default, NeVA-style): every located neuron j of the
 *       target is set to {@code mean_pos[j] + alpha * std_pos[j]} at every position.</li>
 *   <li>Neuron editing, {@link NeuronMode#SCALE}: {@code h[j] *= alpha} (acts only where the neuron fires).</li>
 *   <li>CAA baseline: {@code residual += coefficient * v_target} at the CAA layer, every position.</li>
 * </ul>
 */
public final class SteeringPlans {
    public enum NeuronMode {
        STEER, SCALE;

        public static NeuronMode parse(String s) {
            try {
                return valueOf(s.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new ValueDataException("neuron mode '" + s + "' is not steer or scale");
            }
        }
    }

    private SteeringPlans() {
    }

    public static EditPlan neurons(LocatedNeurons located, SchwartzValue target, double alpha, NeuronMode mode) {
        List<LocatedNeuron> ns = located.neurons(target);
        if (ns == null || ns.isEmpty()) throw new ValueDataException("no located neurons for value '" + target + "'");
        Map<Integer, List<LocatedNeuron>> byLayer = new TreeMap<>();
        for (LocatedNeuron n : ns) byLayer.computeIfAbsent(n.layer(), k -> new ArrayList<>()).add(n);
        EditPlan.Builder plan = EditPlan.builder().source("values steer " + target.label() + " " + mode.name().toLowerCase(Locale.ROOT) + " " + alpha);
        for (Map.Entry<Integer, List<LocatedNeuron>> e : byLayer.entrySet()) {
            List<LocatedNeuron> list = e.getValue();
            list.sort(java.util.Comparator.comparingInt(LocatedNeuron::neuron));
            int[] idx = new int[list.size()];
            float[] targets = new float[list.size()];
            for (int i = 0; i < idx.length; i++) {
                idx[i] = list.get(i).neuron();
                targets[i] = (float) (list.get(i).meanPos() + alpha * list.get(i).stdPos());
            }
            Edit.Builder b = Edit.on(Site.MLP_NEURONS).layers(e.getKey()).neurons(idx);
            plan.add(mode == NeuronMode.STEER ? b.op(SteerOp.toValues(targets)) : b.op(new ScaleOp((float) alpha)));
        }
        return plan.build();
    }

    public static EditPlan caa(CaaVectors caa, SchwartzValue target, double coefficient) {
        return EditPlan.builder().source("values steer " + target.label() + " caa " + coefficient)
                .add(Edit.on(Site.RESIDUAL).layers(caa.layer()).op(new VectorAddOp(caa.vector(target), (float) coefficient)))
                .build();
    }
}
