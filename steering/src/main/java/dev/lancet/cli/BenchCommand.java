package dev.lancet.cli;

import dev.lancet.runtime.LancetException;
import dev.lancet.runtime.config.ModelConfig;
import dev.lancet.runtime.model.LlamaModel;
import dev.lancet.runtime.model.LoadOptions;
import dev.lancet.runtime.perf.InferenceBenchmark;
import dev.lancet.runtime.perf.ProcessMemory;
import dev.lancet.runtime.safetensors.DType;
import dev.lancet.runtime.synthetic.SyntheticCheckpoint;
import dev.lancet.runtime.tensor.VectorKernels;
import dev.lancet.runtime.tensor.WeightFormat;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * Speed against the machine's own limits, measured in one run: before each repetition's prefill the FMA
 * peak, before its decode the read bandwidth (the decode roofline is bandwidth / weight bytes per
 * token); fractions are medians of the per-repetition ratios (see {@link InferenceBenchmark}).
 */
@Command(name = "bench", description = "Measure bandwidth, FMA peak, prefill and decode speed; decode as a fraction of the roofline.")
final class BenchCommand implements Callable<Integer> {
    @Mixin
    ModelOptions modelOptions;
    @Mixin
    CommonOptions common;
    @Mixin
    KvCacheOptions kvCache;
    @Spec
    CommandSpec spec;

    @Option(names = "--synthetic", paramLabel = "NAME",
            description = "Seeded random weights of a real shape: smollm2-135m, qwen2.5-0.5b, llama-1b, tiny (cached under ~/.cache/lancet).")
    String synthetic;

    @Option(names = "--dtype", paramLabel = "DTYPE",
            description = "Weight format: f32, bf16, f16 or q8_0 (converted on load when the checkpoint differs; default: as stored, f32 for --synthetic).")
    String dtype;

    static final int DEFAULT_PROMPT_TOKENS = 256, DEFAULT_GEN_TOKENS = 32;
    /** What the memory target allows beside the weights and the KV cache: 64 MiB. */
    static final long RSS_ALLOWANCE_BYTES = 64L << 20;

    @Option(names = "--prompt-tokens", paramLabel = "P",
            description = "Prompt length for prefill (default 256, or what the model's context leaves beside the decoded tokens).")
    Integer promptTokens;

    @Option(names = "--gen-tokens", paramLabel = "G",
            description = "Tokens decoded per repetition (default 32, or a quarter of a shorter context).")
    Integer genTokens;

    @Option(names = "--repetitions", paramLabel = "N", defaultValue = "5", description = "Counted repetitions (default 5).")
    int repetitions;

    @Option(names = "--warmups", paramLabel = "N", defaultValue = "2", description = "Uncounted warm-up repetitions, at least (default 2).")
    int warmups;

    @Option(names = "--warmup-seconds", paramLabel = "S", defaultValue = "3",
            description = "Warm up for at least S seconds too, so the JIT has compiled the kernels before counting (default 3).")
    double warmupSeconds;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of the synthetic weights and the prompt (default 1).")
    long seed;

    @Option(names = "--mmap",
            description = "Read weights kept in their stored format in place from the file mapping (the default; as fast as a copy).")
    boolean mmap;

    @Option(names = "--copy",
            description = "Copy weights kept in their stored format out of the file mapping into memory (their file pages leave the process).")
    boolean copy;

    @Option(names = "--settle-seconds", paramLabel = "S", defaultValue = "0",
            description = "After the run, wait S seconds more and read the resident set again (rss_settled_bytes): the JIT's "
                    + "compiler memory goes back within about 5 (default 0: not read).")
    double settleSeconds;

    @Option(names = "--bandwidth-mib", paramLabel = "MIB", defaultValue = "1024",
            description = "Size of the buffer streamed to measure read bandwidth (default 1024; keep it well above the last-level cache).")
    int bandwidthMib;

    @Override
    public Integer call() {
        int threads = common.threadCount();
        WeightFormat format = dtype == null ? null : WeightFormat.parse(dtype);
        if (bandwidthMib < 1) throw new IllegalArgumentException("--bandwidth-mib must be >= 1, got " + bandwidthMib);
        if (mmap && copy) throw new LancetException("give --mmap or --copy, not both");
        // checked before a synthetic checkpoint is written; the defaults are fitted to the model's context after
        InferenceBenchmark.Plan plan = new InferenceBenchmark.Plan(threads, promptTokens == null ? DEFAULT_PROMPT_TOKENS : promptTokens,
                genTokens == null ? DEFAULT_GEN_TOKENS : genTokens, warmups, warmupSeconds, repetitions, seed, settleSeconds,
                kvCache.precision());
        PrintWriter err = spec.commandLine().getErr();
        Path dir = modelDir(format, err);
        plan = fitDefaults(plan, ModelConfig.load(dir).maxPositionEmbeddings(), err);

        LoadOptions options = new LoadOptions(format, copy);
        try (LlamaModel model = LlamaModel.load(dir, options)) {
            long bytesPerToken = model.weightBytesPerToken();
            err.printf("bench: %s %s, %,d weight bytes per token%n", dir.getFileName(), model.weightFormat(), bytesPerToken);
            err.flush();
            InferenceBenchmark.Probes probes = new InferenceBenchmark.Probes((long) bandwidthMib << 20, 2, 0.05, 2);
            InferenceBenchmark.Result r = InferenceBenchmark.run(model, plan, probes, line -> {
                err.println("bench: " + line);
                err.flush();
            });
            double bandwidth = r.bandwidth().median(), fmaPeak = r.fmaPeak().median();
            double roofline = bandwidth / bytesPerToken;
            // a decode step also reads the KV cache: generated token g attends P + g + 1 positions, P + (G + 1) / 2 on
            // average; the contract's roofline counts the weights alone, this one both (how far decode is from all it reads)
            double kvPerToken = model.kvBytesRead(1, plan.kvPrecision().bytes()) * (plan.promptTokens() + (plan.genTokens() + 1) / 2.0);
            double rooflineWithKv = bandwidth / (bytesPerToken + kvPerToken);
            // prefill FLOPs: matrix products and attention (LlamaModel.prefillFlops); the products' share kept beside
            // them, which is what prefill_gflops and the fraction counted before 2026-12-07's ninth session
            long allFlops = model.prefillFlops(plan.promptTokens());
            double matmulShare = (double) model.prefillMatmulFlops(plan.promptTokens()) / allFlops;
            double prefillFlops = r.prefillTokensPerSecond().median() / plan.promptTokens() * allFlops;
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("model", synthetic != null ? "synthetic:" + synthetic : dir.toString());
            o.put("dtype", model.weightFormat().id());
            o.put("threads", threads);
            o.put("prompt_tokens", plan.promptTokens());
            o.put("gen_tokens", plan.genTokens());
            o.put("repetitions", repetitions);
            o.put("warmup_repetitions", r.warmupRepetitions());
            o.put("weight_bytes_per_token", bytesPerToken);
            // limits: medians of the probes run before each repetition; fractions: medians of per-repetition ratios
            o.put("bandwidth_gb_per_s", bandwidth / 1e9);
            o.put("bandwidth_gb_per_s_min", r.bandwidth().min() / 1e9);
            o.put("bandwidth_gb_per_s_max", r.bandwidth().max() / 1e9);
            // the probe's two read patterns (docs/ARCHITECTURE.md): tables before 2026-12-04's sixth session used one stream
            o.put("bandwidth_one_stream_gb_per_s", r.bandwidthOneStream().median() / 1e9);
            o.put("bandwidth_four_streams_gb_per_s", r.bandwidthFourStreams().median() / 1e9);
            o.put("roofline_tokens_per_s", roofline);
            o.put("decode_tokens_per_s", r.decodeTokensPerSecond().median());
            o.put("decode_tokens_per_s_min", r.decodeTokensPerSecond().min());
            o.put("decode_tokens_per_s_max", r.decodeTokensPerSecond().max());
            o.put("decode_fraction_of_roofline", r.decodeFractionOfRoofline().median());
            o.put("decode_fraction_of_best_roofline", r.decodeTokensPerSecond().median() / (r.bandwidth().max() / bytesPerToken));
            o.put("kv_cache_dtype", plan.kvPrecision().label());
            o.put("kv_bytes_read_per_token", kvPerToken);
            o.put("roofline_with_kv_tokens_per_s", rooflineWithKv);
            o.put("decode_fraction_of_roofline_with_kv", r.decodeTokensPerSecond().median() / rooflineWithKv);
            o.put("decode_matmul_ms_per_token", r.decodeMatmulMs().median());
            o.put("decode_attention_ms_per_token", r.decodeAttentionMs().median());
            o.put("decode_other_ms_per_token", r.decodeOtherMs().median());
            o.put("decode_allocated_bytes_per_token", r.decodeAllocatedBytes().median());
            o.put("prefill_allocated_bytes_per_token", r.prefillAllocatedBytes().median());
            o.put("prefill_tokens_per_s", r.prefillTokensPerSecond().median());
            o.put("prefill_tokens_per_s_min", r.prefillTokensPerSecond().min());
            o.put("prefill_tokens_per_s_max", r.prefillTokensPerSecond().max());
            o.put("prefill_gflops", prefillFlops / 1e9);
            o.put("prefill_matmul_gflops", prefillFlops * matmulShare / 1e9);
            o.put("prefill_attention_flops_share", 1 - matmulShare);
            o.put("prefill_matmul_ms", r.prefillMatmulMs().median());
            o.put("prefill_attention_ms", r.prefillAttentionMs().median());
            o.put("prefill_other_ms", r.prefillOtherMs().median());
            o.put("fma_peak_gflops", fmaPeak / 1e9);
            o.put("fma_peak_gflops_min", r.fmaPeak().min() / 1e9);
            o.put("fma_peak_gflops_max", r.fmaPeak().max() / 1e9);
            o.put("prefill_fraction_of_fma_peak", r.prefillFractionOfFmaPeak().median());
            o.put("prefill_fraction_of_best_fma_peak", prefillFlops / r.fmaPeak().max());
            o.put("prefill_matmul_fraction_of_fma_peak", r.prefillFractionOfFmaPeak().median() * matmulShare);
            DType stored = model.checkpoint().info("model.layers.0.self_attn.q_proj.weight").dtype();
            o.put("weights_in", options.readsInPlace(stored) ? "file-mapping" : "memory");
            // read in place, rows sit at the file's alignment; copies and conversions are allocated on cache lines
            o.put("weight_alignment_bytes", options.readsInPlace(stored) ? model.checkpoint().matrixAlignment() : 64);
            o.put("rss_bytes", r.memory().rssBytes());
            o.put("rss_anon_bytes", r.memory().rssAnonBytes());
            o.put("rss_file_bytes", r.memory().rssFileBytes());
            // the file-backed part by owner (/proc/self/smaps): the checkpoint's mapped pages, the JDK's own files, the rest
            o.put("rss_weight_files_bytes", r.memory().rssFiles().weightBytes());
            o.put("rss_jdk_files_bytes", r.memory().rssFiles().jdkBytes());
            o.put("rss_other_files_bytes", r.memory().rssFiles().otherBytes());
            o.put("weight_bytes_resident", model.weightBytesPerToken());
            o.put("kv_cache_bytes", r.memory().kvCacheBytes());
            // the speed issue's memory target: weights + KV cache + 64 MiB for everything else
            long budget = model.weightBytesPerToken() + r.memory().kvCacheBytes() + RSS_ALLOWANCE_BYTES;
            o.put("rss_budget_bytes", budget);
            o.put("rss_over_budget_bytes", r.memory().rssBytes() < 0 ? null : r.memory().rssBytes() - budget);
            long settled = r.memory().settledRssBytes();
            o.put("rss_settled_bytes", settled < 0 ? null : settled);
            o.put("rss_settled_over_budget_bytes", settled < 0 ? null : settled - budget);
            o.put("load_average", ProcessMemory.loadAverage());
            o.put("vector_bits", VectorKernels.F.vectorBitSize());
            o.put("java_version", Runtime.version().toString());
            // no work runs faster than the FMA peak: a prefill above the best probe means the probe under-measures
            if (prefillFlops > 1.05 * r.fmaPeak().max()) {
                err.printf("bench: warning: prefill reached %.2fx the best FMA peak probe; the peak is under-measured on this machine%n",
                        prefillFlops / r.fmaPeak().max());
                err.flush();
            }
            if (r.memory().rssBytes() >= 0) {
                err.printf("bench: resident %.1f MiB, budget %.1f MiB (weights %.1f + KV cache %.1f + %d); anonymous %.1f, "
                                + "files: weights %.1f, JDK %.1f, other %.1f%n", mib(r.memory().rssBytes()), mib(budget),
                        mib(model.weightBytesPerToken()), mib(r.memory().kvCacheBytes()), RSS_ALLOWANCE_BYTES >> 20, mib(r.memory().rssAnonBytes()),
                        mib(r.memory().rssFiles().weightBytes()), mib(r.memory().rssFiles().jdkBytes()), mib(r.memory().rssFiles().otherBytes()));
                if (settled >= 0) err.printf("bench: resident %.1f MiB after %.1f s more%n", mib(settled), settleSeconds);
                err.flush();
            }
            PrintWriter out = spec.commandLine().getOut();
            if (common.json) {
                Json.print(out, o);
            } else {
                for (Map.Entry<String, Object> e : o.entrySet()) {
                    Object v = e.getValue();
                    out.printf("%-30s %s%n", e.getKey(), v instanceof Double d ? String.format("%.4g", d) : v);
                }
                out.flush();
            }
            return 0;
        }
    }

    /**
     * The plan with the defaults of --prompt-tokens and --gen-tokens that the user did not give shrunk to fit a
     * context of {@code context} positions (the tiny synthetic shape has 128): the decoded tokens to a quarter of
     * it, the prompt to the rest. Given values stay as given, and too long a pair is refused by the benchmark.
     */
    private InferenceBenchmark.Plan fitDefaults(InferenceBenchmark.Plan plan, int context, PrintWriter err) {
        int gen = genTokens != null ? genTokens : Math.min(DEFAULT_GEN_TOKENS, Math.max(1, context / 4));
        int prompt = promptTokens != null ? promptTokens : Math.max(1, Math.min(DEFAULT_PROMPT_TOKENS, context - gen));
        if (prompt == plan.promptTokens() && gen == plan.genTokens()) return plan;
        err.printf("bench: the model's context is %d positions: --prompt-tokens %d --gen-tokens %d%n", context, prompt, gen);
        err.flush();
        return new InferenceBenchmark.Plan(plan.threads(), prompt, gen, plan.warmups(), plan.warmupSeconds(), plan.repetitions(), plan.seed(),
                plan.settleSeconds(), plan.kvPrecision());
    }

    /** The checkpoint to load: --model, a cached synthetic one, or the embedded model. */
    private Path modelDir(WeightFormat format, PrintWriter err) {
        if (synthetic == null) return modelOptions.modelDir();
        if (modelOptions.model != null) throw new LancetException("give --model or --synthetic, not both");
        // q8_0 is quantized on load from the bf16 file (half the bytes to map and read as F32)
        DType fileType = format == null ? DType.F32 : switch (format) {
            case F32 -> DType.F32;
            case BF16, Q8_0 -> DType.BF16;
            case F16 -> DType.F16;
        };
        Path dir = SyntheticCheckpoint.cacheDir(synthetic, fileType, seed);
        if (!SyntheticCheckpoint.isComplete(dir)) {
            err.printf("bench: writing synthetic checkpoint %s (once; cached)%n", dir);
            err.flush();
        }
        return SyntheticCheckpoint.cached(synthetic, fileType, seed);
    }

    private static double mib(long bytes) {
        return bytes / (double) (1 << 20);
    }
}
