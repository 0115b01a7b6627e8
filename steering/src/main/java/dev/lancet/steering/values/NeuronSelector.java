package dev.lancet.steering.values;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Keeps the top neurons per value from a {@link NeuronRanking}. With k = {@link SelectionConfig#perValue}:
 * <ul>
 *   <li>allowShared: each value keeps its k best neurons, whoever else keeps them;</li>
 *   <li>otherwise every neuron belongs to at most one value. Neurons in the top k of two or more
 *       values are dropped as shared ({@code sharedDropped} counts them). The remaining neurons are
 *       handed out greedily: repeatedly, among the values still short of k, the one whose best
 *       unassigned, unshared neuron has the highest score takes it (ties: lower value position,
 *       then lower flat index). A neuron that is next in line for two values therefore goes to the
 *       one that scores it higher, and each value ends with k neurons unless the pool runs out.</li>
 * </ul>
 */
public final class NeuronSelector {
    private NeuronSelector() {}

    public static LocatedNeurons select(NeuronRanking ranking, SelectionConfig selection, ScoringConfig scoring,
                                        RankingConfig rankingConfig, ContrastMode contrast, String model) {
        int total = ranking.total();
        int k = selection.perValue(total);
        List<SchwartzValue> values = new ArrayList<>();
        int[][] orders = new int[SchwartzValue.COUNT][];
        for (SchwartzValue v : SchwartzValue.values()) {
            if (ranking.includes(v)) {
                values.add(v);
                orders[v.ordinal()] = ranking.order(v);
            }
        }
        Map<SchwartzValue, List<Integer>> chosen = new EnumMap<>(SchwartzValue.class);
        BitSet shared = new BitSet(total);
        if (selection.allowShared()) {
            for (SchwartzValue v : values) {
                List<Integer> pick = new ArrayList<>(k);
                for (int i = 0; i < k; i++) pick.add(orders[v.ordinal()][i]);
                chosen.put(v, pick);
            }
        } else {
            int[] timesInTopK = new int[total];
            for (SchwartzValue v : values) {
                for (int i = 0; i < k; i++) timesInTopK[orders[v.ordinal()][i]]++;
            }
            for (int f = 0; f < total; f++) if (timesInTopK[f] > 1) shared.set(f);
            assignGreedily(ranking, values, orders, k, shared, chosen);
        }
        List<LayerScores> layers = ranking.layers();
        int[] widths = new int[layers.getLast().layer() + 1];
        for (LayerScores l : layers) widths[l.layer()] = l.width();
        Map<SchwartzValue, List<LocatedNeuron>> out = new EnumMap<>(SchwartzValue.class);
        for (SchwartzValue v : values) {
            double[] score = ranking.combined(v);
            List<LocatedNeuron> list = new ArrayList<>();
            for (int f : chosen.get(v)) {
                LayerScores layer = layers.get(ranking.layerSlot(f));
                int j = ranking.neuronOf(f);
                ValueNeuronScores s = layer.byValue().get(v);
                ConditionStats st = s.stats();
                list.add(new LocatedNeuron(layer.layer(), j, score[f], st.meanPos()[j], st.stdPos()[j],
                        st.meanNeg()[j], st.stdNeg()[j], s.smd()[j], s.probe().weights()[j], s.specificity()[j]));
            }
            out.put(v, list);
        }
        return new LocatedNeurons(LocatedNeurons.FORMAT, model, contrast, widths, scoring, rankingConfig, selection,
                shared.cardinality(), out);
    }

    private static void assignGreedily(NeuronRanking ranking, List<SchwartzValue> values, int[][] orders, int k,
                                       BitSet shared, Map<SchwartzValue, List<Integer>> chosen) {
        int[] next = new int[SchwartzValue.COUNT];
        BitSet assigned = new BitSet(ranking.total());
        for (SchwartzValue v : values) chosen.put(v, new ArrayList<>(k));
        while (true) {
            SchwartzValue best = null;
            double bestScore = Double.NEGATIVE_INFINITY;
            for (SchwartzValue v : values) {
                if (chosen.get(v).size() >= k) continue;
                int[] order = orders[v.ordinal()];
                int p = next[v.ordinal()];
                while (p < order.length && (shared.get(order[p]) || assigned.get(order[p]))) p++;
                next[v.ordinal()] = p;
                if (p == order.length) continue;
                double s = ranking.combined(v)[order[p]];
                if (s > bestScore) {
                    bestScore = s;
                    best = v;
                }
            }
            if (best == null) return;
            int f = orders[best.ordinal()][next[best.ordinal()]++];
            assigned.set(f);
            chosen.get(best).add(f);
        }
    }

    /** Ranks and selects in one call. */
    public static LocatedNeurons locate(List<LayerScores> layers, ScoringConfig scoring, RankingConfig ranking,
                                        SelectionConfig selection, ContrastMode contrast, String model) {
        return select(NeuronRanking.of(layers, ranking), selection, scoring, ranking, contrast, model);
    }
}
