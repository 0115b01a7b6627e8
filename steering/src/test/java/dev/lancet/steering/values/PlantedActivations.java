package dev.lancet.steering.values;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Synthetic recorded activations with planted value neurons: each planted neuron's pre-activation
 * rises by {@code effect} on examples promoting its value; all others are noise (some with a large
 * variance as distractors). Activations go through SiLU like mlp.neurons.
 */
final class PlantedActivations {
    final int examples;
    final int layers;
    final int width;
    final int[][] labels;            // [example][value] in {0, 1}
    final float[][][] activations;   // [layer][example][neuron]
    final List<List<Integer>> planted = new ArrayList<>(); // per value: flat indices (layer * width + neuron)

    PlantedActivations(long seed, int examples, int layers, int width, int perValue, double effect, double labelRate) {
        this.examples = examples;
        this.layers = layers;
        this.width = width;
        SplittableRandom rnd = new SplittableRandom(seed);
        labels = new int[examples][SchwartzValue.COUNT];
        for (int e = 0; e < examples; e++) {
            for (int v = 0; v < SchwartzValue.COUNT; v++) labels[e][v] = rnd.nextDouble() < labelRate ? 1 : 0;
        }
        List<Integer> all = new ArrayList<>();
        for (int f = 0; f < layers * width; f++) all.add(f);
        Collections.shuffle(all, new java.util.Random(seed));
        int[] owner = new int[layers * width];
        java.util.Arrays.fill(owner, -1);
        for (int v = 0; v < SchwartzValue.COUNT; v++) {
            List<Integer> mine = new ArrayList<>(all.subList(v * perValue, (v + 1) * perValue));
            Collections.sort(mine);
            planted.add(mine);
            for (int f : mine) owner[f] = v;
        }
        activations = new float[layers][examples][width];
        for (int l = 0; l < layers; l++) {
            for (int e = 0; e < examples; e++) {
                for (int n = 0; n < width; n++) {
                    int f = l * width + n;
                    double sd = owner[f] < 0 && f % 7 == 3 ? 2.0 : 0.6; // some unplanted distractors are noisy
                    double z = -1 + sd * gaussian(rnd);
                    if (owner[f] >= 0 && labels[e][owner[f]] == 1) z += effect;
                    activations[l][e][n] = (float) (z / (1 + Math.exp(-z)));
                }
            }
        }
    }

    private static double gaussian(SplittableRandom rnd) {
        double u = 1 - rnd.nextDouble();
        double v = rnd.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }
}
