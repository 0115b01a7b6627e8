package dev.lancet.bench;

import dev.lancet.runtime.backend.CpuBackend;
import dev.lancet.runtime.backend.KvCache;
import dev.lancet.runtime.backend.KvPrecision;
import dev.lancet.runtime.config.ModelConfig;
import dev.lancet.runtime.synthetic.SyntheticShapes;
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

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * Attention over the KV cache alone, through the CPU backend ({@code Backend.attention}, the online softmax of
 * {@code OnlineSoftmaxAttention}), as a model runs it: every layer's own cache in turn. In a decode step the
 * weights stream through the caches between two layers' attention and push the KV cache out, so an operation
 * takes the next model's worth of layers from a ring of {@code ringMiB} MiB of layer caches (default 1 GiB, more than
 * the last-level caches of these machines: a Xeon VM reports 480 MiB); {@code -p ringMiB=0} keeps to one model's
 * layers, which stay in a large L3 (smollm2 at 288 positions: 13 MB).
 * <ul>
 *   <li>{@code decode}: one query token at the last position of a {@code context}-long cache, every layer; one over
 *       ops/s is a decode token's attention ({@code lancet bench}'s {@code decode_attention_ms_per_token});
 *       the {@code bytes} counter per second is the rate keys and values are read
 *       (2 x kvHeads x context x headDim x 4 bytes a layer, 2 with {@code -p kvCache=bf16});</li>
 *   <li>{@code prefill}: the last {@link #BATCH} positions of the context as one causal batch, every layer; the
 *       {@code flops} counter is 4 x heads x headDim per (query, key) pair it attends (q.k and p.v).</li>
 * </ul>
 * Shapes are the synthetic ones of {@code lancet bench} (heads, KV heads, head size, layers); keys, values and
 * queries are seeded random (the cost does not depend on the values).
 *
 * <pre>java --add-modules jdk.incubator.vector -cp bench/target/lancet-bench.jar:bench/target/lib/* org.openjdk.jmh.Main AttentionKernelBench</pre>
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED"})
@State(Scope.Benchmark)
public class AttentionKernelBench {
    static final int BATCH = 64;

    @Param({"smollm2-135m", "llama-1b"})
    public String shape;

    @Param({"288", "2048"})
    public int context;

    /** MiB of layer caches the operations cycle through (at least one model's layers). */
    @Param({"1024"})
    public int ringMiB;

    /** What the cache stores keys and values as: f32, bf16 or f16 ({@code KvPrecision}). */
    @Param({"f32", "bf16"})
    public String kvCache;

    @Param({"2"})
    public int threads;

    private CpuBackend backend;
    private KvCache cache;
    private float[] q, out;
    private int heads, kvHeads, headDim, layers, ring, elementBytes, next;

    @Setup(Level.Trial)
    public void setUp() {
        ModelConfig c = SyntheticShapes.byName(shape);
        heads = c.numHeads();
        kvHeads = c.numKvHeads();
        headDim = c.headDim();
        if (context < BATCH) throw new IllegalArgumentException("context " + context + " < batch " + BATCH);
        KvPrecision precision = KvPrecision.parse(kvCache);
        elementBytes = precision.bytes();
        SplittableRandom r = new SplittableRandom(7);
        layers = c.numLayers();
        long layerBytes = 2L * kvHeads * context * headDim * elementBytes;
        ring = (int) Math.max(layers, ((long) ringMiB << 20) / layerBytes);
        // the ring's layers are the cache's layers, seeded random (the cost does not depend on the values)
        cache = new KvCache(precision, ring, kvHeads, headDim, context);
        for (int l = 0; l < ring; l++) {
            for (int p = 0; p < context; p++) {
                cache.store(l, p, SeededFloats.uniform(r, kvHeads * headDim), 0, SeededFloats.uniform(r, kvHeads * headDim), 0);
            }
        }
        q = SeededFloats.uniform(r, BATCH * heads * headDim);
        out = new float[BATCH * heads * headDim];
        backend = new CpuBackend(threads, c.hiddenSize());
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        backend.close();
    }

    @Benchmark
    public float decode(KernelWork w) {
        for (int l = 0; l < layers; l++) {
            int i = nextLayer();
            backend.attention(q, cache, i, context - 1, 1, out, heads);
        }
        w.bytes += 2L * layers * kvHeads * context * headDim * elementBytes;
        return out[0];
    }

    @Benchmark
    public float prefill(KernelWork w) {
        int pos0 = context - BATCH;
        for (int l = 0; l < layers; l++) {
            int i = nextLayer();
            backend.attention(q, cache, i, pos0, BATCH, out, heads);
        }
        long pairs = (long) BATCH * pos0 + (long) BATCH * (BATCH + 1) / 2; // query t attends positions 0..pos0+t
        w.flops += 4L * layers * heads * headDim * pairs;
        return out[0];
    }

    private int nextLayer() {
        int i = next;
        next = next + 1 == ring ? 0 : next + 1;
        return i;
    }
}
