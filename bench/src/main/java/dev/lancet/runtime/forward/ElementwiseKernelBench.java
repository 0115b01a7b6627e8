package dev.lancet.runtime.forward;

import dev.lancet.bench.KernelWork;
import dev.lancet.bench.SeededFloats;
import dev.lancet.runtime.backend.CpuBackend;
import dev.lancet.runtime.config.ModelConfig;
import dev.lancet.runtime.model.RopeTable;
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
 * The forward pass's elementwise kernels alone, on one layer's activations for a batch of {@code tokens} (1: a
 * decode step; 128: a prefill batch), in the shapes of {@code lancet bench}'s synthetic models:
 * <ul>
 *   <li>{@code rmsnorm}: LlamaForward.rmsnorm over every token's hidden row (x and the weight read, out written);</li>
 *   <li>{@code rope}: RopeTable.rotate of every token's q and k rows in place, at positions 0..tokens-1;</li>
 *   <li>{@code swiglu}: {@code h = silu(gate) * up} through the CPU backend on {@code threads} threads (the forward
 *       pass writes h over gate; here h has a buffer of its own, the same cost);</li>
 *   <li>{@code residualAdd}: LlamaForward.addInPlace of a hidden row per token into the residual stream.</li>
 * </ul>
 * The {@code bytes} counter per second is the rate of bytes read plus written (GB/s = bytes/s / 1e9), so each kernel
 * can be set against the matrix products' GB/s of {@code MatmulKernelBench}; one over ops/s is a call's time
 * (what {@code lancet bench} counts in {@code decode_other_ms_per_token} and {@code prefill_other_ms}, once per
 * layer each). In this package because rmsnorm and addInPlace are the forward pass's own, package-private.
 *
 * <pre>java --add-modules jdk.incubator.vector -cp bench/target/lancet-bench.jar:bench/target/lib/* org.openjdk.jmh.Main ElementwiseKernelBench</pre>
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED"})
@State(Scope.Benchmark)
public class ElementwiseKernelBench {
    @Param({"smollm2-135m", "llama-1b"})
    public String shape;

    @Param({"1", "128"})
    public int tokens;

    @Param({"2"})
    public int threads;

    private ModelConfig config;
    private CpuBackend backend;
    private RopeTable rope;
    private float[] x, xb, norm, q, k, gate, up, h, add;

    @Setup(Level.Trial)
    public void setUp() {
        config = SyntheticShapes.byName(shape);
        SplittableRandom r = new SplittableRandom(11);
        int dim = config.hiddenSize();
        x = SeededFloats.uniform(r, tokens * dim);
        xb = new float[tokens * dim];
        norm = SeededFloats.uniform(r, dim);
        add = SeededFloats.uniform(r, tokens * dim);
        q = SeededFloats.uniform(r, tokens * config.qDim());
        k = SeededFloats.uniform(r, tokens * config.kvDim());
        gate = SeededFloats.uniform(r, tokens * config.intermediateSize());
        up = SeededFloats.uniform(r, tokens * config.intermediateSize());
        h = new float[tokens * config.intermediateSize()];
        rope = new RopeTable(config, tokens);
        backend = CpuBackend.forModel(config, threads);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        backend.close();
    }

    @Benchmark
    public float rmsnorm(KernelWork w) {
        int dim = config.hiddenSize();
        for (int t = 0; t < tokens; t++) LlamaForward.rmsnorm(xb, x, t * dim, norm, dim, config.rmsNormEps());
        w.bytes += 4L * (2L * tokens * dim + dim); // x read (the sum of squares hits the cache), weight read, out written
        return xb[0];
    }

    @Benchmark
    public float rope(KernelWork w) {
        int qDim = config.qDim(), kvDim = config.kvDim(), headDim = config.headDim();
        for (int t = 0; t < tokens; t++) {
            rope.rotate(q, t * qDim, config.numHeads(), headDim, t);
            rope.rotate(k, t * kvDim, config.numKvHeads(), headDim, t);
        }
        w.bytes += 4L * tokens * (2L * (qDim + kvDim) + headDim); // q and k read and written, a cos and sin row per token
        return q[0];
    }

    @Benchmark
    public float swiglu(KernelWork w) {
        int n = tokens * config.intermediateSize();
        // h in a buffer of its own: written over gate, repeated calls would shrink the values into subnormals
        backend.swiglu(gate, up, h, n);
        w.bytes += 4L * 3 * n;
        return h[0];
    }

    @Benchmark
    public float residualAdd(KernelWork w) {
        int n = tokens * config.hiddenSize();
        LlamaForward.addInPlace(x, 0, add, n);
        w.bytes += 4L * 3 * n;
        return x[0];
    }
}
