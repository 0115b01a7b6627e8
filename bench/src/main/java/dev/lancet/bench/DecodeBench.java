package dev.lancet.bench;

import com.github.tjake.jlama.model.AbstractModel;
import com.github.tjake.jlama.model.ModelSupport;
import com.github.tjake.jlama.tensor.AbstractTensor;
import com.github.tjake.jlama.tensor.KvBufferCache;
import com.github.tjake.jlama.util.PhysicalCoreExecutor;
import dev.lancet.runtime.backend.KvPrecision;
import dev.lancet.runtime.forward.Session;
import dev.lancet.runtime.model.LlamaModel;
import dev.lancet.runtime.safetensors.DType;
import dev.lancet.runtime.synthetic.SyntheticCheckpoint;
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

import java.nio.file.Path;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * End-to-end decode, one token per invocation (tokens/s = ops/s), of Lancet and of Jlama on the same
 * synthetic checkpoint file (cached under ~/.cache/lancet/synthetic), the same dtype and thread count.
 * Both produce the next token's logits (for Jlama: forward, then getLogits). Each runtime decodes positions 0..255 of a seeded token sequence and starts over, so both see the same
 * attention lengths. The runtime under test is the {@code runtime} parameter; run both in one command to
 * compare them under the same machine load. Jlama needs shared/tokenizers (LANCET_SHARED or -Dlancet.root).
 *
 * {@code -p kvCache=f32,bf16,f16} compares Lancet's KV cache types.
 *
 * <pre>java --add-modules jdk.incubator.vector -Dlancet.root=. -cp bench/target/lancet-bench.jar:bench/target/lib/* org.openjdk.jmh.Main DecodeBench</pre>
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 3)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED", "-Xss4m"})
@State(Scope.Benchmark)
public class DecodeBench {
    static final int WINDOW = 256;

    @Param({"smollm2-135m"})
    public String shape;

    @Param({"f32", "bf16"})
    public String dtype;

    @Param({"lancet", "jlama"})
    public String runtime;

    @Param({"2"})
    public int threads;

    /** Lancet's KV cache type ({@code KvPrecision}: f32, bf16, f16); Jlama keeps its own. */
    @Param({"f32"})
    public String kvCache;

    private LlamaModel lancet;
    private Session session;
    private AbstractModel jlama;
    private KvBufferCache cache;
    private KvBufferCache.KvBuffer kv;
    private int[] tokens;
    private int position;

    @Setup(Level.Trial)
    public void setUp() {
        Path dir = SyntheticCheckpoint.cached(shape, DType.valueOf(dtype.toUpperCase()), 1);
        SplittableRandom r = new SplittableRandom(7);
        tokens = new int[WINDOW];
        if (runtime.equals("lancet")) {
            lancet = LlamaModel.load(dir);
            session = Session.open(lancet, threads, WINDOW, KvPrecision.parse(kvCache));
            for (int i = 0; i < WINDOW; i++) tokens[i] = r.nextInt(lancet.config().vocabSize());
        } else {
            PhysicalCoreExecutor.overrideThreadCount(threads);
            jlama = ModelSupport.loadModel(JlamaModelDir.viewOf(dir, JlamaModelDir.tokenizerFamily(shape)).toFile(),
                    com.github.tjake.jlama.safetensors.DType.F32, com.github.tjake.jlama.safetensors.DType.F32);
            cache = new KvBufferCache(jlama);
            kv = cache.getKvBuffer(UUID.randomUUID());
            for (int i = 0; i < WINDOW; i++) tokens[i] = r.nextInt(jlama.getConfig().vocabularySize);
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        if (session != null) session.close();
        if (lancet != null) lancet.close();
        if (cache != null) cache.close();
        if (jlama != null) jlama.close();
    }

    @Benchmark
    public float decodeOneToken() {
        if (position == WINDOW) {
            position = 0;
            if (session != null) session.reset();
            else {
                kv.close();
                kv = cache.getKvBuffer(UUID.randomUUID());
            }
        }
        int t = tokens[position];
        if (session != null) {
            position++;
            return session.next(t, true)[0];
        }
        // Jlama's forward stops at the final norm; getLogits applies the output projection, which Lancet's
        // next() includes (a fifth of smollm2's weights), so both runtimes do the same work per token
        AbstractTensor out = jlama.forward(t, position++, kv, Optional.empty());
        float v = jlama.getLogits(out)[0];
        out.close();
        return v;
    }
}
