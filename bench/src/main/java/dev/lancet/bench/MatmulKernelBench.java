package dev.lancet.bench;

import dev.lancet.runtime.backend.CpuBackend;
import dev.lancet.runtime.tensor.F32Matrix;
import dev.lancet.runtime.tensor.Matrix;
import dev.lancet.runtime.tensor.MatrixLoader;
import dev.lancet.runtime.tensor.WeightFormat;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.BenchmarkParams;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.SplittableRandom;

/**
 * The matrix kernels alone, through the CPU backend:
 * <ul>
 *   <li>{@code matvec}: one token against a 512 MiB-of-F32 matrix of 576 columns (far larger than the
 *       caches, so it streams from memory like a decode step); the {@code bytes} counter per second is the
 *       achieved read bandwidth (GB/s = bytes/s / 1e9);</li>
 *   <li>{@code prefillGemm}: a batch of tokens against a matrix, {@code gemmShape} = rows x cols x tokens
 *       (default 64 tokens against SmolLM2's gate, 1536 x 576; {@code 768x4864x128} or {@code 384x8192x128} have
 *       the row length of qwen's and llama's down_proj); the {@code flops} counter per second is the achieved
 *       GFLOP/s (2 per multiply-add);</li>
 *   <li>{@code prefillGemmFromMemory}: as prefillGemm, each call on the next of {@code ringMiB} (1536) MiB of copies of the matrix,
 *       so its weights come from memory, not the caches, as in a model's prefill.</li>
 * </ul>
 * Weights are seeded random F32 converted to the {@code dtype} under test.
 *
 * <pre>java --add-modules jdk.incubator.vector -cp bench/target/lancet-bench.jar:bench/target/lib/* org.openjdk.jmh.Main MatmulKernelBench</pre>
 */
@BenchmarkMode(Mode.Throughput)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED"})
@State(Scope.Benchmark)
public class MatmulKernelBench {
    static final int COLS = 576;
    /**
     * MiB of weights prefillGemmFromMemory cycles through, three times the largest L3 seen. It was 256, taken to be
     * far more than the caches hold, but a Xeon VM's 480 MiB L3 kept part of it: one-token f32 products read 32-34
     * GB/s over 256 MiB and 28 over 1536, and a bf16 tile that ran 1.05-1.23x over 256 MiB ran 1.03-1.11x over
     * 1536 and no faster in the model.
     */
    @Param({"1536"})
    public int ringMiB;

    @Param({"f32", "bf16", "f16", "q8_0"})
    public String dtype;

    @Param({"2"})
    public int threads;

    /** rows x cols x tokens of prefillGemm. */
    @Param({"1536x576x64"})
    public String gemmShape;

    private int gemmRows, gemmCols, gemmTokens;

    private Arena arena;
    private CpuBackend backend;
    private Matrix big, gemm;
    private Matrix[] ring;
    private int next;
    private float[] x, out, xs, outs;

    @Setup(Level.Trial)
    public void setUp(BenchmarkParams params) {
        // each benchmark builds only the matrices it reads: the 512 MiB one and the ring take seconds
        String benchmark = params.getBenchmark();
        arena = Arena.ofShared();
        WeightFormat f = WeightFormat.parse(dtype);
        String[] shape = gemmShape.split("x");
        if (shape.length != 3) throw new IllegalArgumentException("gemmShape is rows x cols x tokens, got " + gemmShape);
        gemmRows = Integer.parseInt(shape[0]);
        gemmCols = Integer.parseInt(shape[1]);
        gemmTokens = Integer.parseInt(shape[2]);
        backend = new CpuBackend(threads, Math.max(COLS, gemmCols));
        if (benchmark.endsWith(".matvec")) {
            int bigRows = (int) ((512L << 20) / (4L * COLS));
            big = MatrixLoader.convert(new F32Matrix(random(bigRows, COLS, 1), bigRows, COLS), f, arena);
            x = SeededFloats.uniform(3, COLS);
            out = new float[bigRows];
            return;
        }
        xs = SeededFloats.uniform(4, gemmTokens * gemmCols);
        outs = new float[gemmTokens * gemmRows];
        MemorySegment source = random(gemmRows, gemmCols, 2);
        gemm = MatrixLoader.convert(new F32Matrix(source, gemmRows, gemmCols), f, arena);
        if (benchmark.endsWith(".prefillGemmFromMemory")) {
            // copies of gemm, ringMiB in all: each call reads its weights from memory, as a model's layers do
            ring = new Matrix[(int) Math.max(2, ((long) ringMiB << 20) / gemm.byteSize())];
            for (int i = 0; i < ring.length; i++) {
                // converting allocates a new matrix; F32 is returned as it is, so it is copied first
                MemorySegment from = f == WeightFormat.F32 ? arena.allocate(source.byteSize(), 64).copyFrom(source) : source;
                ring[i] = MatrixLoader.convert(new F32Matrix(from, gemmRows, gemmCols), f, arena);
            }
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        backend.close();
        arena.close();
    }

    @Benchmark
    public float matvec(KernelWork w) {
        backend.matmul(big, x, 0, out, 0, 1);
        w.bytes += big.byteSize();
        return out[0];
    }

    @Benchmark
    public float prefillGemm(KernelWork w) {
        backend.matmul(gemm, xs, 0, outs, 0, gemmTokens);
        w.flops += 2L * gemmRows * gemmCols * gemmTokens;
        return outs[0];
    }

    @Benchmark
    public float prefillGemmFromMemory(KernelWork w) {
        Matrix m = ring[next];
        next = next + 1 == ring.length ? 0 : next + 1;
        backend.matmul(m, xs, 0, outs, 0, gemmTokens);
        w.flops += 2L * gemmRows * gemmCols * gemmTokens;
        return outs[0];
    }

    private MemorySegment random(int rows, int cols, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        MemorySegment s = arena.allocate(4L * rows * cols, 64);
        ValueLayout.OfFloat le = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
        for (long i = 0; i < (long) rows * cols; i++) s.set(le, 4 * i, (float) ((r.nextDouble() * 2 - 1) / 24));
        return s;
    }
}
