package dev.lancet.runtime.perf;

import dev.lancet.runtime.backend.CpuBackend;
import dev.lancet.runtime.backend.KvPrecision;
import dev.lancet.runtime.forward.Session;
import dev.lancet.runtime.model.LlamaModel;
import dev.lancet.runtime.safetensors.SafetensorsFile;
import dev.lancet.runtime.sampling.Sampler;

import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * Prefill and decode throughput of a loaded model against the machine's own limits, measured side by
 * side: each repetition resets a session, measures the FMA peak, prefills a seeded random prompt of P
 * tokens as one batch, measures the read bandwidth, then decodes G tokens greedily one at a time. Each
 * rate is divided by the limit measured just before it, and the fractions are the medians of those
 * per-repetition ratios: on a shared VM the limits drift (up to 2x within a run), and a limit measured a
 * minute away from the work would mostly measure the drift. The first {@code warmups} repetitions (JIT
 * compilation, page faults) are not counted.
 */
public final class InferenceBenchmark {
    /**
     * What to run. Warm-up runs at least {@code warmups} repetitions and until {@code warmupSeconds} have
     * passed: a small model's repetitions take milliseconds, and counting them while the JIT still compiles
     * (boxing vectors meanwhile) measured stories260K at 4500 instead of 6400 tok/s.
     */
    public record Plan(int threads, int promptTokens, int genTokens, int warmups, double warmupSeconds, int repetitions, long seed,
                       double settleSeconds, KvPrecision kvPrecision) {
        public Plan {
            if (kvPrecision == null) throw new IllegalArgumentException("KV cache precision must not be null");
            if (threads < 1) throw new IllegalArgumentException("--threads must be >= 1, got " + threads);
            if (promptTokens < 1) throw new IllegalArgumentException("--prompt-tokens must be >= 1, got " + promptTokens);
            if (genTokens < 1) throw new IllegalArgumentException("--gen-tokens must be >= 1, got " + genTokens);
            if (warmups < 0) throw new IllegalArgumentException("--warmups must be >= 0, got " + warmups);
            if (!(warmupSeconds >= 0 && warmupSeconds <= 3600)) {
                throw new IllegalArgumentException("--warmup-seconds must be in [0, 3600], got " + warmupSeconds);
            }
            if (repetitions < 1) throw new IllegalArgumentException("--repetitions must be >= 1, got " + repetitions);
            if (!(settleSeconds >= 0 && settleSeconds <= 600)) {
                throw new IllegalArgumentException("--settle-seconds must be in [0, 600], got " + settleSeconds);
            }
        }
    }

    /**
     * The memory held at the end of a run (session still open, probes closed, after a full GC): the resident set
     * and its anonymous and file-backed parts (-1 off Linux), the file-backed part by whose files they are, the KV
     * cache's bytes, and the resident set again after {@link Plan#settleSeconds} more (-1 when that is 0): the JIT's
     * compiler arenas are pooled for a few seconds after its last compilation before they go back to malloc, which
     * the launcher trims every second, so the settled reading is what a long-running process holds.
     */
    public record Memory(long rssBytes, long rssAnonBytes, long rssFileBytes, ResidentFileMappings rssFiles, long kvCacheBytes,
                         long settledRssBytes) {
    }

    /** How the limits are probed: the bandwidth buffer's size, passes per probe, seconds per FMA pass. */
    public record Probes(long bandwidthBytes, int bandwidthPasses, double fmaSeconds, int fmaPasses) {
    }

    /**
     * Tokens per second of prefill and decode; the limits probed before each (bytes/s, FLOP/s) and the
     * per-repetition fractions of them (the bandwidth is the better of the probe's two read patterns, each also kept); where a decode token's time goes (milliseconds a token in matrix
     * products, in attention, and the rest) and where a prefill's goes (milliseconds for the whole prompt); Java heap bytes allocated a decode token and a prompt token, by all threads (the hot
     * loops allocate nothing, so after warm-up this is about 0: anything more is a vector the JIT boxed; -1 where
     * the JVM does not count allocations); how many warm-up repetitions ran; the memory held at the end.
     */
    public record Result(Samples prefillTokensPerSecond, Samples decodeTokensPerSecond, Samples bandwidth,
                         Samples bandwidthOneStream, Samples bandwidthFourStreams, Samples fmaPeak,
                         Samples decodeFractionOfRoofline, Samples prefillFractionOfFmaPeak,
                         Samples decodeMatmulMs, Samples decodeAttentionMs, Samples decodeOtherMs,
                         Samples prefillMatmulMs, Samples prefillAttentionMs, Samples prefillOtherMs,
                         Samples decodeAllocatedBytes, Samples prefillAllocatedBytes, int warmupRepetitions, Memory memory) {
    }

    private InferenceBenchmark() {
    }

    public static Result run(LlamaModel model, Plan plan, Probes probes, Consumer<String> progress) {
        int ctx = plan.promptTokens() + plan.genTokens();
        if (ctx > model.config().maxPositionEmbeddings()) {
            throw new IllegalArgumentException("--prompt-tokens + --gen-tokens = " + ctx + " exceeds the model's context "
                    + model.config().maxPositionEmbeddings());
        }
        int vocab = model.config().vocabSize();
        List<Path> weightFiles = model.checkpoint().files().stream().map(SafetensorsFile::path).toList();
        SplittableRandom rnd = new SplittableRandom(plan.seed());
        int[] prompt = new int[plan.promptTokens()];
        for (int i = 0; i < prompt.length; i++) prompt[i] = rnd.nextInt(vocab);
        int n = plan.repetitions();
        double[] prefill = new double[n], decode = new double[n], bandwidth = new double[n], peak = new double[n];
        double[] oneStream = new double[n], fourStreams = new double[n];
        double[] decodeFraction = new double[n], prefillFraction = new double[n];
        double[] matmulMs = new double[n], attentionMs = new double[n], otherMs = new double[n], allocated = new double[n], prefillAllocated = new double[n];
        double[] prefillMatmulMs = new double[n], prefillAttentionMs = new double[n], prefillOtherMs = new double[n];
        double bytesPerToken = model.weightBytesPerToken(), prefillFlops = model.prefillFlops(plan.promptTokens());
        TimedBackend timed = new TimedBackend(CpuBackend.forModel(model.config(), plan.threads()));
        try (Session s = Session.open(model, timed, ctx, plan.kvPrecision())) {
            int warm = 0; // warm-up repetitions: grows until the first counted repetition starts
            // warm-up past these runs the model alone: the probes take seconds, and a small model's code, called a
            // few thousand times in that while, was still in C1 (boxing vectors) when the counted repetitions began
            // (tiny decoded at 28k tok/s allocating 50 KB a token)
            int probedWarmups = Math.max(1, plan.warmups());
            try (MemoryBandwidth.Probe bw = MemoryBandwidth.Probe.open(plan.threads(), probes.bandwidthBytes());
                 FmaPeak.Probe fma = FmaPeak.Probe.open(plan.threads())) {
                long warmStart = System.nanoTime();
                for (int rep = 0; rep < warm + n; rep++) {
                    if (rep == warm && (rep < plan.warmups() || System.nanoTime() - warmStart < plan.warmupSeconds() * 1e9)) warm++;
                    boolean counted = rep >= warm;
                    boolean probed = counted || rep < probedWarmups;
                    if (counted && rep == warm && warm > probedWarmups) {
                        progress.accept(String.format("warm-up: %d more repetitions of the model alone", warm - probedWarmups));
                    }
                    s.reset();
                    double f = probed ? fma.measure(probes.fmaSeconds(), probes.fmaPasses()) : Double.NaN;
                    timed.reset();
                    long h0 = HeapAllocation.totalBytes(), h = HeapAllocation.totalBytes();
                    long t0 = System.nanoTime();
                    float[] logits = s.prefill(prompt);
                    long t1 = System.nanoTime();
                    long h1 = HeapAllocation.totalBytes();
                    long pm = timed.matmulNanos(), pa = timed.attentionNanos();
                    int token = Sampler.argmax(logits);
                    MemoryBandwidth.Reading reading = probed ? bw.measureEach(probes.bandwidthPasses()) : null;
                    double b = probed ? reading.best() : Double.NaN;
                    timed.reset();
                    long a0 = HeapAllocation.totalBytes(), a = HeapAllocation.totalBytes();
                    long t2 = System.nanoTime();
                    for (int g = 0; g < plan.genTokens(); g++) token = Sampler.argmax(s.next(token, true));
                    long t3 = System.nanoTime();
                    long a1 = HeapAllocation.totalBytes();
                    double p = plan.promptTokens() / ((t1 - t0) * 1e-9), d = plan.genTokens() / ((t3 - t2) * 1e-9);
                    double df = d / (b / bytesPerToken), pf = prefillFlops / ((t1 - t0) * 1e-9) / f;
                    if (counted) {
                        int i = rep - warm;
                        prefill[i] = p;
                        decode[i] = d;
                        bandwidth[i] = b;
                        oneStream[i] = reading.oneStream();
                        fourStreams[i] = reading.fourStreams();
                        peak[i] = f;
                        decodeFraction[i] = df;
                        prefillFraction[i] = pf;
                        double perToken = 1e-6 / plan.genTokens();
                        matmulMs[i] = timed.matmulNanos() * perToken;
                        attentionMs[i] = timed.attentionNanos() * perToken;
                        otherMs[i] = (t3 - t2 - timed.matmulNanos() - timed.attentionNanos()) * perToken;
                        prefillMatmulMs[i] = pm * 1e-6;
                        prefillAttentionMs[i] = pa * 1e-6;
                        prefillOtherMs[i] = (t1 - t0 - pm - pa) * 1e-6;
                        allocated[i] = HeapAllocation.perItem(a0, a, a1, plan.genTokens());
                        prefillAllocated[i] = HeapAllocation.perItem(h0, h, h1, plan.promptTokens());
                    }
                    if (probed) progress.accept(String.format("%s %d: FMA peak %.0f GFLOP/s, prefill %.1f tok/s (%.2f of peak); "
                                    + "bandwidth %.1f GB/s, decode %.2f tok/s (%.2f of roofline)",
                            counted ? "repetition" : "warm-up", counted ? rep - warm + 1 : rep + 1,
                            f / 1e9, p, pf, b / 1e9, d, df));
                }
            }
            // a full collection first, so heap the JVM committed during warm-up but no longer uses is given back
            // (G1 uncommits in the background: give it a moment)
            System.gc();
            pause(0.3);
            long rss = ProcessMemory.residentBytes(), anon = ProcessMemory.residentAnonBytes(), file = ProcessMemory.residentFileBytes();
            ResidentFileMappings files = ResidentFileMappings.read(weightFiles);
            long settled = -1;
            if (plan.settleSeconds() > 0) {
                pause(plan.settleSeconds());
                settled = ProcessMemory.residentBytes();
            }
            Memory memory = new Memory(rss, anon, file, files, s.kvCacheBytes(), settled);
            return new Result(Samples.of(prefill), Samples.of(decode), Samples.of(bandwidth), Samples.of(oneStream),
                    Samples.of(fourStreams), Samples.of(peak),
                    Samples.of(decodeFraction), Samples.of(prefillFraction),
                    Samples.of(matmulMs), Samples.of(attentionMs), Samples.of(otherMs),
                    Samples.of(prefillMatmulMs), Samples.of(prefillAttentionMs), Samples.of(prefillOtherMs), Samples.of(allocated), Samples.of(prefillAllocated), warm, memory);
        }
    }

    private static void pause(double seconds) {
        try {
            Thread.sleep((long) (seconds * 1000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
