package dev.lancet.steering.values;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * A made-up sweep for report tests and the render script: neuron editing leaks little and mostly
 * into neighbours, CAA leaks broadly; CAA fails to raise hedonism (an undefined row).
 */
final class SyntheticSweep {
    private SyntheticSweep() {}

    static SweepResult build(String model) {
        double[] strengths = {0.5, 1, 2, 4};
        List<SweepPoint> points = new ArrayList<>();
        LeakageWeights w = LeakageWeights.standard();
        for (String method : List.of("neurons", "caa")) {
            boolean neurons = method.equals("neurons");
            for (SchwartzValue t : SchwartzValue.values()) {
                for (double s : strengths) {
                    double gain = (neurons ? 0.30 : 0.22) * s * (1 + 0.05 * t.ordinal());
                    if (!neurons && t == SchwartzValue.HEDONISM) gain = -0.05 * s;
                    double[] d = new double[SchwartzValue.COUNT];
                    for (SchwartzValue j : SchwartzValue.values()) {
                        int dist = t.circumplexDistance(j);
                        if (j == t) {
                            d[j.ordinal()] = gain;
                        } else if (neurons) {
                            d[j.ordinal()] = Math.abs(gain) * 0.35 * Math.exp(-1.2 * (dist - 1)) - 0.02 * s * (dist == 5 ? 1 : 0);
                        } else {
                            d[j.ordinal()] = Math.abs(gain) * (0.55 - 0.17 * dist) + 0.01 * ((j.ordinal() * 7 + t.ordinal()) % 5);
                        }
                    }
                    double ppl = 12.0 * (neurons ? 1 + 0.015 * s : 1 + 0.06 * s * s);
                    double kl = neurons ? 0.004 * s * s : 0.03 * s * s;
                    double agree = Math.max(0, 1 - (neurons ? 0.03 : 0.12) * s);
                    points.add(SweepPoint.measured(t, method, s, d, ppl, kl, agree, w));
                }
            }
        }
        Map<SchwartzValue, int[]> perLayer = new EnumMap<>(SchwartzValue.class);
        for (SchwartzValue v : SchwartzValue.values()) {
            int[] c = new int[5];
            for (int l = 0; l < 5; l++) c[l] = (v.ordinal() * 3 + l * 5) % 4 + (l == 3 ? 2 : 0);
            perLayer.put(v, c);
        }
        Map<UnitClass, int[]> classes = new EnumMap<>(UnitClass.class);
        classes.put(UnitClass.VALUE_CRITICAL, new int[] {3, 5, 8, 12, 6});
        classes.put(UnitClass.UTILITY_CRITICAL, new int[] {9, 7, 5, 4, 10});
        classes.put(UnitClass.COMPLEX, new int[] {1, 2, 3, 2, 1});
        classes.put(UnitClass.REDUNDANT, new int[] {159, 158, 156, 154, 155});
        return SweepResult.of(model, "pvq-raw", w.name(), 12.0, points, perLayer, classes);
    }
}
