package dev.lancet.steering.record;

import dev.lancet.runtime.LancetException;
import dev.lancet.runtime.edit.EditStages;
import dev.lancet.runtime.forward.Session;
import dev.lancet.runtime.model.LlamaModel;
import dev.lancet.steering.edit.EditPlan;
import dev.lancet.steering.edit.Positions;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Runs examples (token sequences) through a model with an {@link ActivationRecorder} attached and returns the
 * per-neuron statistics: the Java API behind {@code lancet record}, used in-process by the value pipeline.
 *
 * <p>Determinism: each example is summarised on its own (Welford over its selected tokens), and the summaries are
 * merged (Chan) in example order, whichever worker computed them. Since the forward pass itself is bit-identical for
 * any thread count, so are the statistics. Workers: {@code min(threads, examples)} sessions, each with
 * {@code threads / workers} backend threads.
 */
public final class ActivationRecording {
    private ActivationRecording() {
    }

    /** One input: token ids, and the positions to record in it (null: the spec's positions). */
    public record Example(int[] ids, Positions positions) {
        public Example {
            ids = ids.clone();
        }

        public static Example of(int... ids) {
            return new Example(ids, null);
        }
    }

    /** Called on the calling thread after each example is merged. */
    @FunctionalInterface
    public interface ProgressListener {
        void onExample(int done, int total);
    }

    /**
     * The statistics over all examples, optionally each example's own means, and the number of tokens recorded.
     *
     * @param exampleMeans null unless asked for; else {@code [examples][sum of block widths]}, blocks in
     *                     {@link ActivationStats#keys()} order (sites outer, layers inner), each the mean of that
     *                     example's selected tokens
     */
    public record Result(ActivationStats stats, float[][] exampleMeans, long tokens) {
    }

    /** Statistics over every example. */
    public static ActivationStats record(LlamaModel model, List<Example> examples, RecordSpec spec, int threads) {
        return run(model, examples, spec, threads, false, null, null).stats();
    }

    /**
     * Per-example means of the spec's sites and layers over each example's selected positions, e.g. the response
     * tokens of a dialogue ({@code Positions.from(responseStart)}). Row e is example e;
     * columns are blocks in keys order (for one site: {@code layerIndex * width + neuron}). An example with no
     * selected token is an error.
     */
    public static float[][] perExampleMeans(LlamaModel model, List<Example> examples, RecordSpec spec, int threads) {
        return run(model, examples, spec, threads, true, null, null).exampleMeans();
    }

    /**
     * The general form: statistics, optional per-example means, optional raw rows (into {@code raw}, in example order),
     * progress after each example.
     */
    public static Result run(LlamaModel model, List<Example> examples, RecordSpec spec, int threads, boolean exampleMeans,
                             RawShardWriter raw, ProgressListener progress) {
        if (threads < 1) throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        if (examples.isEmpty()) throw new StatsException("no examples to record");
        if (raw != null && spec.rawPositions() == null) throw new IllegalArgumentException("raw rows asked for but the spec has no raw positions");
        int numLayers = model.config().numLayers();
        int[] layers;
        try {
            layers = spec.layers().resolve(numLayers);
        } catch (IllegalArgumentException e) {
            throw new StatsException("--layers: " + e.getMessage());
        }
        int maxLen = 0;
        int context = model.config().maxPositionEmbeddings();
        for (int i = 0; i < examples.size(); i++) {
            int n = examples.get(i).ids().length;
            if (n == 0) throw new StatsException("example " + i + " has no tokens");
            if (n > context) throw new StatsException("example " + i + " has " + n + " tokens, more than the context length " + context);
            maxLen = Math.max(maxLen, n);
        }
        spec.edits().validate(model);

        int workers = Math.min(threads, examples.size());
        int backendThreads = Math.max(1, threads / workers);
        BlockingQueue<Worker> pool = new ArrayBlockingQueue<>(workers);
        List<Worker> all = new ArrayList<>();
        ExecutorService exec = Executors.newFixedThreadPool(workers, r -> {
            Thread t = new Thread(r, "lancet-record");
            t.setDaemon(true);
            return t;
        });
        try {
            for (int w = 0; w < workers; w++) {
                all.add(new Worker(model, spec, layers, backendThreads, maxLen));
                pool.add(all.getLast());
            }
            ActivationRecorder probe = all.getFirst().recorder;
            ActivationStats total = ActivationStats.empty(probe.keys(), probe.widths());
            int[] widths = probe.widths();
            int rowWidth = Arrays.stream(widths).sum();
            float[][] means = exampleMeans ? new float[examples.size()][] : null;
            long tokens = 0;

            int n = examples.size();
            int window = 2 * workers;
            List<Future<ExampleResult>> futures = new ArrayList<>(n);
            int submitted = 0;
            for (; submitted < Math.min(n, window); submitted++) futures.add(submit(exec, pool, examples.get(submitted)));
            for (int i = 0; i < n; i++) {
                ExampleResult r = await(futures.get(i), i);
                futures.set(i, null);
                if (submitted < n) {
                    futures.add(submit(exec, pool, examples.get(submitted)));
                    submitted++;
                }
                total.merge(r.stats);
                long count = r.stats.get(probe.keys().getFirst().site(), probe.keys().getFirst().layer()).count();
                tokens += count;
                if (means != null) {
                    if (count == 0) {
                        throw new StatsException("example " + i + " (" + examples.get(i).ids().length + " tokens) has no position selected by "
                                + (examples.get(i).positions() != null ? examples.get(i).positions() : spec.positions()));
                    }
                    means[i] = meanRow(r.stats, probe, rowWidth);
                }
                if (raw != null) raw.append(i, r.rawPositions, r.rawRows);
                if (progress != null) progress.onExample(i + 1, n);
            }
            return new Result(total, means, tokens);
        } finally {
            exec.shutdownNow();
            try {
                exec.awaitTermination(1, TimeUnit.MINUTES);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            for (Worker w : all) w.session.close();
        }
    }

    private static float[] meanRow(ActivationStats s, ActivationRecorder probe, int rowWidth) {
        float[] row = new float[rowWidth];
        int off = 0;
        for (StatsKey k : probe.keys()) {
            NeuronStats b = s.get(k.site(), k.layer());
            for (int j = 0; j < b.width(); j++) row[off + j] = (float) b.mean(j);
            off += b.width();
        }
        return row;
    }

    private static Future<ExampleResult> submit(ExecutorService exec, BlockingQueue<Worker> pool, Example ex) {
        return exec.submit(() -> {
            Worker w = pool.take();
            try {
                return w.run(ex);
            } finally {
                pool.put(w);
            }
        });
    }

    private static ExampleResult await(Future<ExampleResult> f, int index) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LancetException("recording interrupted at example " + index, e);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof RuntimeException re) throw re;
            if (c instanceof Error err) throw err;
            throw new LancetException("example " + index + ": " + c, c);
        }
    }

    private record ExampleResult(ActivationStats stats, int[] rawPositions, float[][] rawRows) {
    }

    /** A session with its recorder (and the bound edits, if any), used by one task at a time. */
    private static final class Worker {
        final Session session;
        final ActivationRecorder recorder;
        final Positions defaultPositions, rawPositions;

        Worker(LlamaModel model, RecordSpec spec, int[] layers, int threads, int context) {
            this.recorder = new ActivationRecorder(model.config(), spec.sites(), layers);
            this.session = Session.open(model, threads, context);
            EditPlan plan = spec.edits();
            session.setEditStage(EditStages.chain(plan.isEmpty() ? List.of(recorder) : List.of(plan.bind(model), recorder)));
            this.defaultPositions = spec.positions();
            this.rawPositions = spec.rawPositions();
        }

        ExampleResult run(Example ex) {
            recorder.start(ex.positions() != null ? ex.positions() : defaultPositions, rawPositions);
            session.reset();
            session.prefill(ex.ids());
            float[][] rows = null;
            int[] rawPos = null;
            if (rawPositions != null) {
                rawPos = recorder.rawPositions();
                rows = new float[recorder.keys().size()][];
                for (int b = 0; b < rows.length; b++) rows[b] = recorder.rawRows(b);
            }
            return new ExampleResult(recorder.stats(), rawPos, rows);
        }
    }
}
