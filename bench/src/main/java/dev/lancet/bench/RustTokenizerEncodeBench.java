package dev.lancet.bench;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import dev.lancet.tokenizer.Tokenizer;
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

import java.io.IOException;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

/**
 * The same workload as {@link TokenizerEncodeBench} through the Rust Hugging Face tokenizers library
 * (DJL's JNI binding, ai.djl.huggingface:tokenizers, bench scope only), for a side-by-side ratio.
 * Its encode also builds offsets, attention masks and token strings, which Lancet's does not. Setup
 * first checks that both produce the same ids.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xss4m", "--enable-native-access=ALL-UNNAMED"})
@State(Scope.Benchmark)
public class RustTokenizerEncodeBench {
    @Param({"smollm2", "mistral", "llama3", "qwen3", "stories260K"})
    public String tokenizer;

    @Param({"corpus", "values1MB"})
    public String text;

    private HuggingFaceTokenizer rust;
    private TokenizerBenchInputs inputs;

    @Setup(Level.Trial)
    public void load() throws IOException {
        inputs = TokenizerBenchInputs.load(tokenizer, text);
        rust = HuggingFaceTokenizer.builder()
                .optTokenizerPath(inputs.tokenizerDir().resolve("tokenizer.json"))
                .optAddSpecialTokens(false).optTruncation(false).optPadding(false)
                .build();
        Tokenizer lancet = Tokenizer.load(inputs.tokenizerDir());
        for (String s : inputs.texts()) {
            int[] expected = lancet.encode(s, false);
            int[] got = Arrays.stream(rust.encode(s).getIds()).mapToInt(x -> (int) x).toArray();
            if (!Arrays.equals(expected, got)) throw new IllegalStateException(tokenizer + ": ids differ for " + s);
        }
    }

    @TearDown(Level.Trial)
    public void close() {
        rust.close();
    }

    @Benchmark
    public int encode(EncodedMegabytes counter) {
        int n = 0;
        for (String s : inputs.texts()) n += rust.encode(s).getIds().length;
        counter.megabytes += inputs.megabytes();
        return n;
    }
}
