package dev.lancet.bench;

import dev.lancet.cli.ModelOptions;
import dev.lancet.runtime.config.ModelConfig;
import dev.lancet.runtime.edit.EditStage;
import dev.lancet.runtime.edit.Site;
import dev.lancet.runtime.forward.Session;
import dev.lancet.runtime.model.LlamaModel;
import dev.lancet.runtime.safetensors.DType;
import dev.lancet.runtime.synthetic.SyntheticCheckpoint;
import dev.lancet.runtime.synthetic.SyntheticShapes;
import dev.lancet.steering.edit.Edit;
import dev.lancet.steering.edit.EditPlan;
import dev.lancet.steering.edit.Layers;
import dev.lancet.steering.edit.Positions;
import dev.lancet.steering.record.ActivationRecorder;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * Decode cost per token with the edit stage in use, to compare with no edits in one run:
 * <ul>
 *   <li>{@code none}: no stage attached (the plain forward pass);</li>
 *   <li>{@code emptyPlan}: a bound plan with no edits attached (the cost of the seam's calls alone);</li>
 *   <li>{@code set1pct}: {@code set} on 1% of the mlp.neurons (rounded up) at every layer;</li>
 *   <li>{@code residualAdd}: a vector {@code add} on the residual stream at every layer;</li>
 *   <li>{@code record}: an {@link ActivationRecorder} on mlp.neurons at every layer, every position (Welford).</li>
 * </ul>
 * Models: the embedded stories260K, and seeded random F32 weights in SmolLM2-135M's shape (hidden 576, 30 layers,
 * intermediate 1536, vocab 49152), written once to {@code java.io.tmpdir/lancet-bench-smollm2-135m-f32}. Each
 * invocation decodes one token at the next position, cycling through positions 0..63 so every mode sees the same
 * attention lengths. Report each mode as the ratio of its time to {@code none}'s for the same model.
 *
 * <pre>java --add-modules jdk.incubator.vector -cp bench/target/lancet-bench.jar:bench/target/lib/* org.openjdk.jmh.Main EditCostBench</pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-Xss4m"})
@State(Scope.Benchmark)
public class EditCostBench {
    static final int WINDOW = 64;

    @Param({"stories260K", "smollm2-135m"})
    public String model;

    @Param({"none", "emptyPlan", "set1pct", "residualAdd", "record"})
    public String mode;

    /** Backend threads of the session (1 keeps the comparison quiet on a shared machine). */
    @Param({"1"})
    public int threads;

    private static final Site[] FORWARD_ORDER = {Site.ATTN_OUT, Site.MLP_GATE, Site.MLP_UP, Site.MLP_NEURONS, Site.MLP_OUT, Site.RESIDUAL};

    private LlamaModel llama;
    private int layers;
    private float[] neurons, hidden, logits;
    private Session session;
    private int[] tokens;
    private int next;

    @Setup(Level.Trial)
    public void setUp() {
        llama = LlamaModel.load(modelDir(model));
        ModelConfig c = llama.config();
        session = Session.open(llama, threads, WINDOW);
        session.setEditStage(switch (mode) {
            case "none" -> null;
            case "emptyPlan" -> EditPlan.empty().bind(llama);
            case "set1pct" -> EditPlan.of(Edit.on(Site.MLP_NEURONS).layers(Layers.all()).neurons(onePercent(c.intermediateSize())).set(0f)).bind(llama);
            case "residualAdd" -> EditPlan.of(Edit.on(Site.RESIDUAL).layers(Layers.all()).addVector(vector(c.hiddenSize()), 1f)).bind(llama);
            case "record" -> {
                int[] all = Layers.all().resolve(c.numLayers());
                ActivationRecorder r = new ActivationRecorder(c, List.of(Site.MLP_NEURONS), all);
                r.start(Positions.all(), null);
                yield r;
            }
            default -> throw new IllegalArgumentException("unknown mode " + mode);
        });
        layers = c.numLayers();
        neurons = vector(c.intermediateSize());
        hidden = vector(c.hiddenSize());
        logits = new float[c.vocabSize()];
        SplittableRandom r = new SplittableRandom(7);
        tokens = new int[WINDOW];
        for (int i = 0; i < WINDOW; i++) tokens[i] = 3 + r.nextInt(Math.min(c.vocabSize(), 500) - 3);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        session.close();
        llama.close();
    }

    @Benchmark
    public float decodeOneToken() {
        if (session.position() == WINDOW) session.reset();
        int t = tokens[next++ & (WINDOW - 1)];
        return session.next(t, true)[0];
    }

    /**
     * The stage's own work for one token, without the forward pass: the calls the forward makes (beginToken, every
     * site of every layer it touches, endToken) on activation buffers of the model's widths. On a busy machine this
     * is far less noisy than the difference of two decode timings; the added cost per token is this divided by
     * {@code decodeOneToken} with mode {@code none}.
     */
    @Benchmark
    public float stageCallsPerToken() {
        EditStage stage = session.editStage();
        if (stage == null) return 0f;
        int pos = next++ & (WINDOW - 1);
        stage.beginToken(pos, true);
        for (int l = 0; l < layers; l++) {
            for (Site site : FORWARD_ORDER) {
                if (!stage.touches(site, l)) continue;
                float[] buf = site.isNeuronSite() ? neurons : hidden;
                stage.apply(site, l, pos, buf, 0, buf.length);
            }
        }
        stage.endToken(pos, logits);
        return neurons[0] + hidden[0];
    }

    /** Every 100th neuron: ceil(1% of n) distinct indices spread over the layer. */
    static int[] onePercent(int n) {
        int k = (n + 99) / 100;
        int[] s = new int[k];
        for (int i = 0; i < k; i++) s[i] = (int) ((long) i * n / k);
        return s;
    }

    static float[] vector(int n) {
        SplittableRandom r = new SplittableRandom(3);
        float[] v = new float[n];
        for (int i = 0; i < n; i++) v[i] = (float) ((r.nextDouble() - 0.5) * 0.01);
        return v;
    }

    /** The embedded stories260K, or a synthetic checkpoint of the named shape written once (F32, seed 1). */
    static Path modelDir(String name) {
        if (name.equals("stories260K")) return ModelOptions.embeddedModel();
        Path dir = Path.of(System.getProperty("java.io.tmpdir"), "lancet-bench-" + name + "-f32");
        if (!Files.isRegularFile(dir.resolve("model.safetensors")) || !Files.isRegularFile(dir.resolve("config.json"))) {
            SyntheticCheckpoint.write(dir, SyntheticShapes.byName(name), DType.F32, 1);
        }
        return dir;
    }
}
