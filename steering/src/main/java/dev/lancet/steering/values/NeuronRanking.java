package dev.lancet.steering.values;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * One ranking score per neuron and value, over all scored layers. The three scores live on
 * different scales, so each is first divided by its largest value over all N neurons of all
 * layers (for that value):
 * <pre>
 *   key_smd   = |d|,          key_probe = |beta|           (direction ABSOLUTE)
 *   key_smd   = max(0, d),    key_probe = max(0, beta)     (direction POSITIVE)
 *   key_spec  = s_vn
 *   scaled(x_n) = x_n / max_m x_m                          (0 for all n when the max is 0)
 *   score_vn  = (w_smd scaled(key_smd) + w_probe scaled(key_probe) + w_spec scaled(key_spec))
 *               / (w_smd + w_probe + w_spec)
 * </pre>
 * Scores lie in [0, 1]; 1 means top on every measure. Scaling by the maximum rather than ranking
 * by percentile keeps the many near-zero entries of the sparse scores (probe weights, specificity)
 * near zero instead of lifting any tiny positive value above half the neurons. Neurons are
 * addressed by a flat index: layers in ascending order, neurons in order within a layer.
 */
public final class NeuronRanking {
    private final List<LayerScores> layers;
    private final int[] offsets;
    private final int total;
    private final double[][] combined = new double[SchwartzValue.COUNT][];

    private NeuronRanking(List<LayerScores> layers, RankingConfig config) {
        if (layers.isEmpty()) throw new ValueDataException("no layer scores to rank");
        List<LayerScores> sorted = new ArrayList<>(layers);
        sorted.sort(Comparator.comparingInt(LayerScores::layer));
        for (int i = 1; i < sorted.size(); i++) {
            if (sorted.get(i).layer() == sorted.get(i - 1).layer()) {
                throw new ValueDataException("layer " + sorted.get(i).layer() + " scored twice");
            }
        }
        this.layers = List.copyOf(sorted);
        offsets = new int[sorted.size() + 1];
        for (int i = 0; i < sorted.size(); i++) offsets[i + 1] = offsets[i] + sorted.get(i).width();
        total = offsets[sorted.size()];
        for (SchwartzValue v : sorted.getFirst().byValue().keySet()) {
            double[] smd = new double[total];
            double[] probe = new double[total];
            double[] spec = new double[total];
            for (int i = 0; i < sorted.size(); i++) {
                ValueNeuronScores s = sorted.get(i).byValue().get(v);
                if (s == null) {
                    throw new ValueDataException("layer " + sorted.get(i).layer() + " has no scores for value '" + v
                            + "' (every layer must be scored over the same contrast)");
                }
                for (int j = 0; j < s.width(); j++) {
                    boolean abs = config.direction() == RankingConfig.Direction.ABSOLUTE;
                    double d = s.smd()[j];
                    double b = s.probe().weights()[j];
                    smd[offsets[i] + j] = abs ? Math.abs(d) : Math.max(0, d);
                    probe[offsets[i] + j] = abs ? Math.abs(b) : Math.max(0, b);
                    spec[offsets[i] + j] = Math.max(0, s.specificity()[j]);
                }
            }
            double wSum = config.smdWeight() + config.probeWeight() + config.specificityWeight();
            double[] pSmd = scaledByMax(smd);
            double[] pProbe = scaledByMax(probe);
            double[] pSpec = scaledByMax(spec);
            double[] score = new double[total];
            for (int n = 0; n < total; n++) {
                score[n] = (config.smdWeight() * pSmd[n] + config.probeWeight() * pProbe[n]
                        + config.specificityWeight() * pSpec[n]) / wSum;
            }
            combined[v.ordinal()] = score;
        }
    }

    public static NeuronRanking of(List<LayerScores> layers, RankingConfig config) {
        return new NeuronRanking(layers, config);
    }

    /** x / max(x) for non-negative keys; all zero when the max is 0. */
    static double[] scaledByMax(double[] keys) {
        double max = 0;
        for (double k : keys) max = Math.max(max, k);
        double[] out = new double[keys.length];
        if (max > 0) {
            for (int i = 0; i < keys.length; i++) out[i] = keys[i] / max;
        }
        return out;
    }

    /** Number of neurons over all layers. */
    public int total() {
        return total;
    }

    /** Scored layers in ascending order. */
    public List<LayerScores> layers() {
        return layers;
    }

    public boolean includes(SchwartzValue v) {
        return combined[v.ordinal()] != null;
    }

    /** Combined scores of {@code v} by flat index; do not modify. */
    public double[] combined(SchwartzValue v) {
        double[] s = combined[v.ordinal()];
        if (s == null) throw new ValueDataException("value '" + v + "' was not scored");
        return s;
    }

    /** Position in {@link #layers()} of the layer holding flat index {@code flat}. */
    public int layerSlot(int flat) {
        int lo = 0;
        int hi = layers.size() - 1;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (offsets[mid] <= flat) lo = mid;
            else hi = mid - 1;
        }
        return lo;
    }

    /** Layer index of flat index {@code flat}. */
    public int layerOf(int flat) {
        return layers.get(layerSlot(flat)).layer();
    }

    /** Neuron index within its layer of flat index {@code flat}. */
    public int neuronOf(int flat) {
        return flat - offsets[layerSlot(flat)];
    }

    /** Flat indices by descending score for {@code v}; ties by ascending flat index. */
    public int[] order(SchwartzValue v) {
        double[] s = combined(v);
        Integer[] idx = new Integer[total];
        for (int i = 0; i < total; i++) idx[i] = i;
        Arrays.sort(idx, (a, b) -> {
            int c = Double.compare(s[b], s[a]);
            return c != 0 ? c : Integer.compare(a, b);
        });
        int[] out = new int[total];
        for (int i = 0; i < total; i++) out[i] = idx[i];
        return out;
    }
}
