package dev.lancet.steering.values;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.Map;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.*;

class NeuronScoresTest {
    private static final int PER_VALUE = 3;

    private static PlantedActivations planted;
    private static List<LayerScores> plantedScores;

    private static synchronized PlantedActivations planted() {
        if (planted == null) planted = new PlantedActivations(7, 600, 3, 40, PER_VALUE, 2.2, 0.15);
        return planted;
    }

    /** The planted data scored once with defaults (shared by the recovery tests). */
    private static synchronized List<LayerScores> plantedScores() {
        if (plantedScores == null) plantedScores = score(planted(), contrast(planted()), 2);
        return plantedScores;
    }

    private static List<LayerScores> score(PlantedActivations p, ValueContrast c, int threads) {
        List<LayerScores> out = new ArrayList<>();
        for (int l = 0; l < p.layers; l++) {
            out.add(NeuronScores.scoreLayer(l, p.activations[l], c, ScoringConfig.defaults(), threads));
        }
        return out;
    }

    private static ValueContrast contrast(PlantedActivations p) {
        return ValueContrast.fromLabels(p.labels, ContrastMode.PROMOTE_VS_REST, EnumSet.allOf(SchwartzValue.class), 2, "planted");
    }

    /** The top PER_VALUE flat indices by |key| for one value. */
    private static Set<Integer> top(List<LayerScores> layers, SchwartzValue v, java.util.function.Function<ValueNeuronScores, double[]> key) {
        List<double[]> rows = new ArrayList<>();
        for (LayerScores l : layers) {
            double[] k = key.apply(l.byValue().get(v));
            for (int n = 0; n < k.length; n++) rows.add(new double[] {Math.abs(k[n]), l.layer() * l.width() + n});
        }
        rows.sort((a, b) -> Double.compare(b[0], a[0]));
        Set<Integer> out = new HashSet<>();
        for (int i = 0; i < PER_VALUE; i++) out.add((int) rows.get(i)[1]);
        return out;
    }

    @Test
    void eachScoreRanksThePlantedNeuronsOnTop() {
        PlantedActivations p = planted();
        List<LayerScores> layers = plantedScores();
        int hitsSmd = 0;
        int hitsProbe = 0;
        int hitsSpec = 0;
        int plantedTotal = 0;
        for (SchwartzValue v : SchwartzValue.values()) {
            Set<Integer> truth = new HashSet<>(p.planted.get(v.ordinal()));
            plantedTotal += truth.size();
            hitsSmd += intersect(truth, top(layers, v, ValueNeuronScores::smd));
            hitsProbe += intersect(truth, top(layers, v, s -> s.probe().weights()));
            hitsSpec += intersect(truth, top(layers, v, ValueNeuronScores::specificity));
        }
        // top-k with k = planted count, so precision = recall = hits / planted
        assertTrue(hitsSmd >= 0.9 * plantedTotal, "SMD recovered " + hitsSmd + "/" + plantedTotal);
        assertTrue(hitsProbe >= 0.9 * plantedTotal, "probe recovered " + hitsProbe + "/" + plantedTotal);
        assertTrue(hitsSpec >= 0.9 * plantedTotal, "LAPE recovered " + hitsSpec + "/" + plantedTotal);
    }

    @Test
    void locateRecoversPlantedNeuronsWithPrecisionAndRecall() {
        PlantedActivations p = planted();
        List<LayerScores> layers = plantedScores();
        LocatedNeurons located = NeuronSelector.locate(layers, ScoringConfig.defaults(), RankingConfig.defaults(),
                SelectionConfig.topK(PER_VALUE, false), ContrastMode.PROMOTE_VS_REST, "planted");
        for (SchwartzValue v : SchwartzValue.values()) {
            Set<Integer> truth = new HashSet<>(p.planted.get(v.ordinal()));
            Set<Integer> found = new HashSet<>();
            for (LocatedNeuron n : located.neurons(v)) found.add(n.layer() * p.width + n.neuron());
            int tp = intersect(truth, found);
            double precision = found.isEmpty() ? 0 : (double) tp / found.size();
            double recall = (double) tp / truth.size();
            assertTrue(precision >= 0.9 && recall >= 0.9, v + ": precision " + precision + " recall " + recall
                    + " found " + found + " planted " + truth);
            for (LocatedNeuron n : located.neurons(v)) {
                assertTrue(n.meanPos() > n.meanNeg(), "planted neurons fire more on their value");
                assertTrue(n.score() > 0 && n.score() <= 1.0);
            }
        }
        // a margin, not just a cut: every planted neuron outscores every unplanted one, per value
        NeuronRanking ranking = NeuronRanking.of(layers, RankingConfig.defaults());
        for (SchwartzValue v : SchwartzValue.values()) {
            Set<Integer> truth = new HashSet<>(p.planted.get(v.ordinal()));
            double minPlanted = Double.POSITIVE_INFINITY;
            double maxOther = Double.NEGATIVE_INFINITY;
            for (int f = 0; f < ranking.total(); f++) {
                boolean mine = truth.contains(ranking.layerOf(f) * p.width + ranking.neuronOf(f));
                double s = ranking.combined(v)[f];
                if (mine) minPlanted = Math.min(minPlanted, s);
                else maxOther = Math.max(maxOther, s);
            }
            assertTrue(minPlanted > maxOther, v + ": planted min " + minPlanted + " <= unplanted max " + maxOther);
        }
        assertEquals(3, located.layerWidths().length);
        assertEquals(0, located.sharedDropped());
    }

    @Test
    void bitIdenticalForAnyThreadCount() {
        PlantedActivations p = new PlantedActivations(11, 300, 2, 24, 2, 2.2, 0.2);
        ValueContrast c = contrast(p);
        List<LayerScores> one = score(p, c, 1);
        List<LayerScores> three = score(p, c, 3);
        for (int l = 0; l < one.size(); l++) {
            for (SchwartzValue v : SchwartzValue.values()) {
                assertArrayEquals(one.get(l).byValue().get(v).probe().weights(), three.get(l).byValue().get(v).probe().weights());
                assertArrayEquals(one.get(l).byValue().get(v).smd(), three.get(l).byValue().get(v).smd());
            }
        }
        String a = NeuronSelector.locate(one, ScoringConfig.defaults(), RankingConfig.defaults(),
                SelectionConfig.defaults(), ContrastMode.PROMOTE_VS_REST, null).toJson();
        String b = NeuronSelector.locate(three, ScoringConfig.defaults(), RankingConfig.defaults(),
                SelectionConfig.defaults(), ContrastMode.PROMOTE_VS_REST, null).toJson();
        assertEquals(a, b);
    }

    /** Layer scores whose three scores all equal {@code keys}, so the combined score is pct(keys). */
    private static LayerScores fabricated(Map<SchwartzValue, double[]> keys) {
        int w = keys.values().iterator().next().length;
        Map<SchwartzValue, ValueNeuronScores> m = new EnumMap<>(SchwartzValue.class);
        for (Map.Entry<SchwartzValue, double[]> e : keys.entrySet()) {
            double[] k = e.getValue();
            ConditionStats st = new ConditionStats(2, 2, new double[w], new double[w], new double[w], new double[w]);
            m.put(e.getKey(), new ValueNeuronScores(e.getKey(), st, k.clone(),
                    new SparseLogisticProbe.Fit(k.clone(), 0, 0, 1, true), k.clone()));
        }
        return new LayerScores(0, w, m, null);
    }

    @Test
    void sharedNeuronsAreDroppedUnlessAllowed() {
        // combined score = key / max key (all three scores equal the keys)
        // SD keys [10, 9, 1, .5, .2, .1] -> order 0,1,2,3,4,5; scores 1, .9, .1, .05, .02, .01
        // ST keys [10, .3, 9, .6, .2, .1] -> order 0,2,3,1,4,5; scores 1, .03, .9, .06, .02, .01
        List<LayerScores> layers = List.of(fabricated(Map.of(
                SchwartzValue.SELF_DIRECTION, new double[] {10, 9, 1, .5, .2, .1},
                SchwartzValue.STIMULATION, new double[] {10, .3, 9, .6, .2, .1})));
        java.util.function.BiFunction<Integer, Boolean, LocatedNeurons> locate = (k, shared) -> NeuronSelector.locate(layers,
                ScoringConfig.defaults(), RankingConfig.defaults(), SelectionConfig.topK(k, shared), ContrastMode.PROMOTE_VS_REST, null);
        // allowShared, k = 1: neuron 0 is top for both
        LocatedNeurons shared = locate.apply(1, true);
        assertEquals(List.of(0), neurons(shared, SchwartzValue.SELF_DIRECTION));
        assertEquals(List.of(0), neurons(shared, SchwartzValue.STIMULATION));
        assertEquals(0, shared.sharedDropped());
        // strict, k = 1: neuron 0 dropped; each value takes its next best
        LocatedNeurons strict = locate.apply(1, false);
        assertEquals(List.of(1), neurons(strict, SchwartzValue.SELF_DIRECTION));
        assertEquals(List.of(2), neurons(strict, SchwartzValue.STIMULATION));
        assertEquals(1, strict.sharedDropped());
        // strict, k = 2: shared = {0}; greedy by score: SD n1 (.9, tie with ST n2 -> lower position SD first),
        //   ST n2 (.9), then SD's next is n3 (.05) vs ST's n3 (.06) -> ST takes n3, SD takes n4 (.02)
        LocatedNeurons two = locate.apply(2, false);
        assertEquals(List.of(1, 4), neurons(two, SchwartzValue.SELF_DIRECTION));
        assertEquals(List.of(2, 3), neurons(two, SchwartzValue.STIMULATION));
        assertEquals(1, two.sharedDropped());
        assertEquals(0.9, two.neurons(SchwartzValue.SELF_DIRECTION).getFirst().score(), 1e-12);
    }

    private static List<Integer> neurons(LocatedNeurons l, SchwartzValue v) {
        List<Integer> out = new ArrayList<>();
        for (LocatedNeuron n : l.neurons(v)) out.add(n.neuron());
        return out;
    }

    @Test
    void smdMatchesHandComputation() {
        // pos [1, 2, 3]: mean 2, sample var (1 + 0 + 1) / 2 = 1
        // neg [0, 0, 0, 4]: mean 1, sample var (1 + 1 + 1 + 9) / 3 = 4
        // pooled = (2 * 1 + 3 * 4) / (3 + 4 - 2) = 14 / 5 = 2.8;  d = (2 - 1) / sqrt(2.8) = 0.597614...
        float[][] acts = {{1}, {2}, {3}, {0}, {0}, {0}, {4}};
        boolean[] pos = {true, true, true, false, false, false, false};
        boolean[] neg = {false, false, false, true, true, true, true};
        ConditionStats s = ConditionStats.compute(acts, pos, neg);
        assertEquals(2.0, s.meanPos()[0], 1e-12);
        assertEquals(1.0, s.stdPos()[0], 1e-12);
        assertEquals(1.0, s.meanNeg()[0], 1e-12);
        assertEquals(2.0, s.stdNeg()[0], 1e-12);
        assertEquals(1 / Math.sqrt(2.8), StandardizedMeanDifference.of(s, 0)[0], 1e-12);
        // eps enters under the root: 1 / sqrt(2.8 + 0.2)
        assertEquals(1 / Math.sqrt(3.0), StandardizedMeanDifference.of(s, 0.2)[0], 1e-12);
        // a dead neuron scores 0, not NaN
        float[][] dead = {{0}, {0}, {0}, {0}};
        ConditionStats z = ConditionStats.compute(dead, new boolean[] {true, true, false, false}, new boolean[] {false, false, true, true});
        assertEquals(0.0, StandardizedMeanDifference.of(z, StandardizedMeanDifference.DEFAULT_EPSILON)[0]);
    }

    @Test
    void specificityMatchesHandComputation() {
        // values A = self-direction (examples 0, 1), B = stimulation (examples 2, 3); threshold 0; K = 2
        // s_vn = (1 - H_n) * max(0, q_vn - 1/2) / (1/2)
        // neuron 0 [1, 1, -1, -1]:  p = (1, 0), q = (1, 0), H = 0        -> s_A = 1, s_B = 0
        // neuron 1 [1, -1, 1, -1]:  p = (.5, .5), H = 1                 -> s = 0
        // neuron 2 [1, 1, 1, -1]:   p = (1, .5), q = (2/3, 1/3),
        //          H = -(2/3 ln 2/3 + 1/3 ln 1/3) / ln 2 = 0.918296     -> s_A = (1 - H)(1/6)/(1/2) = (1 - H)/3, s_B = 0
        // neuron 3 [1, -1, -1, -1]: p = (.5, 0), q = (1, 0), H = 0       -> s_A = 1, but 0 under a floor of 0.6
        float[][] acts = {{1, 1, 1, 1}, {1, -1, 1, -1}, {-1, 1, 1, -1}, {-1, -1, -1, -1}};
        int[][] labels = new int[4][SchwartzValue.COUNT];
        labels[0][0] = labels[1][0] = 1;
        labels[2][1] = labels[3][1] = 1;
        ValueContrast c = ValueContrast.fromLabels(labels, ContrastMode.PROMOTE_VS_REST,
                EnumSet.of(SchwartzValue.SELF_DIRECTION, SchwartzValue.STIMULATION), 1, "toy");
        ActivationSpecificity a = ActivationSpecificity.compute(acts, c, 0, 0);
        double h = -(2.0 / 3 * Math.log(2.0 / 3) + 1.0 / 3 * Math.log(1.0 / 3)) / Math.log(2);
        assertEquals(0.0, a.entropy()[0], 1e-12);
        assertEquals(1.0, a.entropy()[1], 1e-12);
        assertEquals(h, a.entropy()[2], 1e-12);
        assertEquals(1.0, a.score()[0][0], 1e-12);
        assertEquals(0.0, a.score()[1][0], 1e-12);
        assertEquals(0.0, a.score()[0][1], 1e-12);
        assertEquals((1 - h) / 3, a.score()[0][2], 1e-12);
        assertEquals(0.0, a.score()[1][2], 1e-12);
        assertEquals(1.0, a.score()[0][3], 1e-12);
        assertEquals(0.5, a.firingRate()[0][3], 1e-12);
        assertNull(a.score()[5]);
        ActivationSpecificity floored = ActivationSpecificity.compute(acts, c, 0, 0.6);
        assertEquals(0.0, floored.score()[0][3]);
        assertEquals(1.0, floored.score()[0][0], 1e-12);
    }

    @Test
    void probeSatisfiesL1OptimalityConditions() {
        // KKT of min F: for beta_j != 0, grad_j = -lambda sign(beta_j); for beta_j = 0, |grad_j| <= lambda.
        PlantedActivations p = planted();
        ValueContrast c = contrast(p);
        SchwartzValue v = SchwartzValue.SECURITY;
        float[][] x = p.activations[1];
        SparseLogisticProbe.Fit fit = SparseLogisticProbe.fit(x, c.positive(v), c.negative(v),
                new SparseLogisticProbe.Config(0.3, 20_000, 1e-9));
        assertTrue(fit.converged());
        // independent gradient: standardise, weight classes 1/2 each, logistic residuals
        int n = x.length;
        int w = x[0].length;
        int nPos = c.positiveCount(v);
        int nNeg = c.negativeCount(v);
        double[] mu = new double[w];
        double[] sd = new double[w];
        for (float[] row : x) for (int j = 0; j < w; j++) mu[j] += row[j] / (double) n;
        for (float[] row : x) for (int j = 0; j < w; j++) sd[j] += (row[j] - mu[j]) * (row[j] - mu[j]) / n;
        for (int j = 0; j < w; j++) sd[j] = Math.sqrt(sd[j]);
        double[] grad = new double[w];
        double gb = 0;
        int nonZero = 0;
        for (int e = 0; e < n; e++) {
            double m = fit.bias();
            for (int j = 0; j < w; j++) m += (x[e][j] - mu[j]) / sd[j] * fit.weights()[j];
            double y = c.positive(v)[e] ? 1 : 0;
            double weight = y == 1 ? 0.5 / nPos : 0.5 / nNeg;
            double r = weight * (1 / (1 + Math.exp(-m)) - y);
            gb += r;
            for (int j = 0; j < w; j++) grad[j] += r * (x[e][j] - mu[j]) / sd[j];
        }
        double lambda = fit.lambda();
        assertEquals(0, gb, 1e-6, "unpenalised bias has zero gradient");
        for (int j = 0; j < w; j++) {
            double b = fit.weights()[j];
            if (b != 0) {
                nonZero++;
                assertEquals(-lambda * Math.signum(b), grad[j], 0.02 * lambda, "active coefficient " + j);
            } else {
                assertTrue(Math.abs(grad[j]) <= lambda * 1.02, "inactive coefficient " + j + ": |g| " + Math.abs(grad[j]) + " > " + lambda);
            }
        }
        assertTrue(nonZero >= 1 && nonZero < w / 2, "sparse: " + nonZero + " of " + w + " non-zero");
    }

    @Test
    void badActivationShapesAreClearErrors() {
        PlantedActivations p = planted();
        ValueContrast c = contrast(p);
        float[][] shortRows = java.util.Arrays.copyOf(p.activations[0], 10);
        ValueDataException e = assertThrows(ValueDataException.class,
                () -> NeuronScores.scoreLayer(0, shortRows, c, ScoringConfig.defaults(), 1));
        assertTrue(e.getMessage().contains("10 rows") && e.getMessage().contains("600 examples"), e.getMessage());
        float[][] nan = new float[600][];
        for (int i = 0; i < 600; i++) nan[i] = p.activations[0][i].clone();
        nan[5][7] = Float.NaN;
        e = assertThrows(ValueDataException.class, () -> NeuronScores.scoreLayer(2, nan, c, ScoringConfig.defaults(), 1));
        assertTrue(e.getMessage().contains("layer 2: activation [5][7] is NaN"), e.getMessage());
    }

    private static int intersect(Set<Integer> a, Set<Integer> b) {
        int n = 0;
        for (int x : b) if (a.contains(x)) n++;
        return n;
    }
}
