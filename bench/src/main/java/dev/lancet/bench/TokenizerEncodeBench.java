package dev.lancet.bench;

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
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

/**
 * Lancet's encode throughput per shared tokenizer on the 24 reference strings and on about 1 MB of
 * value dialogues (one string). Read the {@code encode:megabytes} line: input MB encoded per second.
 * The corpus case runs with a warm word cache, as steady-state use does; for tokenizers without a
 * pre-tokenizer (mistral, stories260K) a whole short string is one cached word.
 *
 * <pre>java -cp "bench/target/lancet-bench.jar:bench/target/lib/*" org.openjdk.jmh.Main TokenizerEncodeBench</pre>
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xss4m"})
@State(Scope.Benchmark)
public class TokenizerEncodeBench {
    @Param({"smollm2", "mistral", "llama3", "qwen3", "stories260K"})
    public String tokenizer;

    @Param({"corpus", "values1MB"})
    public String text;

    private Tokenizer tok;
    private TokenizerBenchInputs inputs;

    @Setup(Level.Trial)
    public void load() throws IOException {
        inputs = TokenizerBenchInputs.load(tokenizer, text);
        tok = Tokenizer.load(inputs.tokenizerDir());
    }

    @Benchmark
    public int encode(EncodedMegabytes counter) {
        int n = 0;
        for (String s : inputs.texts()) n += tok.encode(s, false).length;
        counter.megabytes += inputs.megabytes();
        return n;
    }
}
