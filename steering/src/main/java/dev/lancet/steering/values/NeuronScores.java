package dev.lancet.steering.values;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Scores every neuron of one layer for every value of a contrast: Cohen's d, the sparse probe
 * weight and the LAPE specificity. The caller records the activations: row {@code e} is example
 * {@code e} of the contrast, column {@code n} neuron {@code n}, each entry the neuron's mean over
 * the response tokens of that example.
 *
 * <p>Values are scored in parallel on {@code threads} threads; each value's computation is
 * sequential and independent of the others, so results are bit-identical for any thread count.
 */
public final class NeuronScores {
    private NeuronScores() {}

    /**
     * @param layer       the layer index the activations come from
     * @param activations [examples][neurons], finite, rows aligned with {@code contrast}
     * @param threads     worker threads (>= 1)
     */
    public static LayerScores scoreLayer(int layer, float[][] activations, ValueContrast contrast,
                                         ScoringConfig config, int threads) {
        int width = checkShape(layer, activations, contrast.size());
        if (threads < 1) throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        ActivationSpecificity specificity = ActivationSpecificity.compute(activations, contrast,
                config.firingThreshold(), config.minFiringRate());
        Map<SchwartzValue, ValueNeuronScores> byValue = new EnumMap<>(SchwartzValue.class);
        List<SchwartzValue> values = new ArrayList<>(contrast.values());
        if (threads == 1 || values.size() == 1) {
            for (SchwartzValue v : values) byValue.put(v, scoreValue(v, activations, contrast, config, specificity));
        } else {
            ExecutorService pool = Executors.newFixedThreadPool(Math.min(threads, values.size()), r -> {
                Thread t = new Thread(r, "lancet-neuron-scores");
                t.setDaemon(true);
                return t;
            });
            try {
                List<Future<ValueNeuronScores>> futures = new ArrayList<>();
                for (SchwartzValue v : values) {
                    futures.add(pool.submit(() -> scoreValue(v, activations, contrast, config, specificity)));
                }
                for (int i = 0; i < values.size(); i++) byValue.put(values.get(i), futures.get(i).get());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("neuron scoring interrupted", e);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof RuntimeException re) throw re;
                throw new IllegalStateException("neuron scoring failed", e.getCause());
            } finally {
                pool.shutdownNow();
            }
        }
        return new LayerScores(layer, width, byValue, specificity);
    }

    private static ValueNeuronScores scoreValue(SchwartzValue v, float[][] activations, ValueContrast contrast,
                                                ScoringConfig config, ActivationSpecificity specificity) {
        boolean[] pos = contrast.positive(v);
        boolean[] neg = contrast.negative(v);
        ConditionStats stats = ConditionStats.compute(activations, pos, neg);
        double[] smd = StandardizedMeanDifference.of(stats, config.smdEpsilon());
        SparseLogisticProbe.Fit probe = SparseLogisticProbe.fit(activations, pos, neg, config.probe());
        return new ValueNeuronScores(v, stats, smd, probe, specificity.score()[v.ordinal()]);
    }

    private static int checkShape(int layer, float[][] activations, int expectedRows) {
        if (layer < 0) throw new ValueDataException("layer index must be >= 0, got " + layer);
        if (activations.length != expectedRows) {
            throw new ValueDataException("layer " + layer + ": activations have " + activations.length
                    + " rows but the contrast has " + expectedRows + " examples");
        }
        int width = activations.length == 0 ? 0 : activations[0].length;
        if (width == 0) throw new ValueDataException("layer " + layer + ": activations have no neurons");
        for (int e = 0; e < activations.length; e++) {
            float[] row = activations[e];
            if (row == null || row.length != width) {
                throw new ValueDataException("layer " + layer + ": activation row " + e + " has "
                        + (row == null ? "no" : row.length) + " entries, expected " + width);
            }
            for (int j = 0; j < width; j++) {
                if (!Float.isFinite(row[j])) {
                    throw new ValueDataException("layer " + layer + ": activation [" + e + "][" + j + "] is " + row[j]);
                }
            }
        }
        return width;
    }
}
