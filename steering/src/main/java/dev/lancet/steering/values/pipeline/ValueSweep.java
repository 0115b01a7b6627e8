package dev.lancet.steering.values.pipeline;

import dev.lancet.steering.edit.EditPlan;
import dev.lancet.steering.progress.ProgressBar;
import dev.lancet.steering.values.LeakageWeights;
import dev.lancet.steering.values.LocatedNeurons;
import dev.lancet.steering.values.SchwartzValue;
import dev.lancet.steering.values.SweepPoint;
import dev.lancet.steering.values.SweepResult;
import dev.lancet.steering.values.UnitClasses;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Step 5 and 7: over targets x methods x strengths, steer, measure, and compute the change of every
 * value {@code dS_j = S_j(steered) - S_j(base)}, leakage (NLR, NGLR) and capability cost.
 */
public final class ValueSweep {
    public static final String NEURONS = "neurons";
    public static final String CAA = "caa";

    private ValueSweep() {
    }

    public static SweepResult run(ValueEvaluator eval, LocatedNeurons located, CaaVectors caa, UnitClasses units,
                                  List<SchwartzValue> targets, Map<String, List<Double>> strengths,
                                  SteeringPlans.NeuronMode mode, String modelName, String measure, boolean progress) {
        LeakageWeights weights = LeakageWeights.standard();
        int total = 1;
        for (List<Double> s : strengths.values()) total += targets.size() * s.size();
        List<SweepPoint> points = new ArrayList<>();
        try (ProgressBar bar = ProgressBar.forStderr("sweeping", total, progress)) {
            ValueEvaluator.Measurement base = eval.baseline();
            bar.step();
            for (SchwartzValue target : targets) {
                for (Map.Entry<String, List<Double>> m : strengths.entrySet()) {
                    for (double s : m.getValue()) {
                        EditPlan plan = m.getKey().equals(NEURONS)
                                ? SteeringPlans.neurons(located, target, s, mode)
                                : SteeringPlans.caa(caa, target, s);
                        ValueEvaluator.Measurement got = eval.measure(plan);
                        double[] delta = new double[SchwartzValue.COUNT];
                        for (int j = 0; j < delta.length; j++) delta[j] = got.scores()[j] - base.scores()[j];
                        double[] cap = eval.capability(got);
                        points.add(SweepPoint.measured(target, m.getKey(), s, delta, got.perplexity(),
                                Double.isNaN(cap[0]) ? null : cap[0], Double.isNaN(cap[1]) ? null : cap[1], weights));
                        bar.step();
                    }
                }
            }
            return SweepResult.of(modelName, measure, weights.name(), base.perplexity(), points, located.countsPerLayer(),
                    units == null ? null : units.perClass());
        }
    }
}
