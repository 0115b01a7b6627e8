package dev.lancet.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code lancet bench --json} on the embedded model: one JSON object with the contract's fields, all positive. No timing assertions. */
class BenchCommandTest {
    static final String[] POSITIVE = {"bandwidth_gb_per_s", "roofline_tokens_per_s", "decode_tokens_per_s", "decode_fraction_of_roofline",
            "prefill_tokens_per_s", "fma_peak_gflops", "prefill_fraction_of_fma_peak", "threads", "rss_bytes", "kv_cache_bytes",
            "weight_bytes_per_token", "prefill_gflops"};

    @ParameterizedTest
    @CsvSource({"f32, 0, 0, f32", "q8_0, 0.3, 0.2, f32", "f32, 0, 0, bf16"})
    void jsonHasEveryContractFieldPositive(String dtype, double warmupSeconds, double settleSeconds, String kvCache) throws Exception {
        StringWriter out = new StringWriter(), err = new StringWriter();
        int code = Lancet.run(new PrintWriter(out), new PrintWriter(err), "bench", "--json", "--dtype", dtype, "--threads", "2", "--kv-cache", kvCache,
                "--prompt-tokens", "5", "--gen-tokens", "3", "--warmups", "0", "--warmup-seconds", String.valueOf(warmupSeconds),
                "--repetitions", "2", "--bandwidth-mib", "16", "--settle-seconds", String.valueOf(settleSeconds));
        assertEquals(0, code, err.toString());
        JsonNode o = new ObjectMapper().readTree(out.toString());
        assertTrue(o.isObject(), out.toString());
        for (String f : POSITIVE) {
            assertTrue(o.hasNonNull(f), "missing " + f + " in " + o);
            assertTrue(o.get(f).asDouble() > 0, f + " = " + o.get(f));
        }
        assertEquals(dtype, o.get("dtype").asText());
        // the embedded model is stored as F32: read in place by default, q8_0 is converted into memory
        assertEquals(dtype.equals("f32") ? "file-mapping" : "memory", o.get("weights_in").asText());
        int alignment = o.get("weight_alignment_bytes").asInt();
        assertTrue(alignment >= 1 && alignment <= 64 && Integer.bitCount(alignment) == 1, o.toString());
        if (!dtype.equals("f32")) assertEquals(64, alignment, "converted weights are allocated on cache lines");
        assertTrue(o.get("decode_fraction_of_best_roofline").asDouble() > 0);
        // each repetition's bandwidth is the better of the probe's two patterns, so its median is at least either's
        double one = o.get("bandwidth_one_stream_gb_per_s").asDouble(), four = o.get("bandwidth_four_streams_gb_per_s").asDouble();
        assertTrue(one > 0 && four > 0, o.toString());
        assertTrue(o.get("bandwidth_gb_per_s").asDouble() >= Math.max(one, four), o.toString());
        // the KV cache a decode step reads: stories260K has 5 layers of 4 key/value heads of 8, float32 keys and
        // values (1280 bytes a position; 640 in a 16-bit cache), and the 3 generated tokens attend 6, 7 and 8 positions
        // after a 5-token prompt; the cache holds the 8 positions rounded up to a key tile of 16
        int element = kvCache.equals("f32") ? 4 : 2;
        assertEquals(kvCache, o.get("kv_cache_dtype").asText());
        assertEquals(320.0 * element * 7, o.get("kv_bytes_read_per_token").asDouble(), 1e-9, o.toString());
        assertEquals(320L * element * 16, o.get("kv_cache_bytes").asLong(), o.toString());
        double withKv = o.get("bandwidth_gb_per_s").asDouble() * 1e9
                / (o.get("weight_bytes_per_token").asDouble() + o.get("kv_bytes_read_per_token").asDouble());
        assertEquals(withKv, o.get("roofline_with_kv_tokens_per_s").asDouble(), withKv * 1e-12, o.toString());
        assertTrue(withKv < o.get("roofline_tokens_per_s").asDouble(), o.toString());
        assertEquals(o.get("decode_tokens_per_s").asDouble() / withKv, o.get("decode_fraction_of_roofline_with_kv").asDouble(), 1e-9);
        // the decode breakdown: products and attention are timed, the rest is what is left of a token's time
        double matmul = o.get("decode_matmul_ms_per_token").asDouble(), attention = o.get("decode_attention_ms_per_token").asDouble();
        assertTrue(matmul > 0 && attention > 0, o.toString());
        assertTrue(o.hasNonNull("decode_other_ms_per_token"), o.toString());
        // counted over all threads (a counter, not a sample); a cold JIT boxes vectors, so only its presence is fixed here
        assertTrue(o.get("decode_allocated_bytes_per_token").asDouble() >= 0, o.toString());
        // medians of different per-repetition sums: within a repetition matmul + attention + other = its token time
        double slowestToken = 1000 / o.get("decode_tokens_per_s_min").asDouble();
        assertTrue(matmul + attention <= slowestToken * 1.001, matmul + " + " + attention + " ms > " + slowestToken + " ms a token");
        // prefill FLOPs are the products' and attention's: stories260K's 5-token prompt attends 1 + 2 + .. + 5 = 15
        // positions in each of 8 query heads of 8 dimensions in 5 layers (2 multiply-adds a position and dimension),
        // its products are every layer matrix 5 times (q, o 64x64; k, v 32x64; gate, up, down 172x64: 45 312
        // multiply-adds) and the lm_head (512x64) once; the matmul-only readings are that share of the whole
        double attentionFlops = 2.0 * 2 * 15 * 8 * 8 * 5, matmulFlops = 2.0 * (5 * 5 * 45312 + 512 * 64);
        double share = matmulFlops / (matmulFlops + attentionFlops);
        assertEquals(1 - share, o.get("prefill_attention_flops_share").asDouble(), 1e-12, o.toString());
        assertEquals(o.get("prefill_gflops").asDouble() * share, o.get("prefill_matmul_gflops").asDouble(), 1e-9, o.toString());
        assertEquals(o.get("prefill_fraction_of_fma_peak").asDouble() * share, o.get("prefill_matmul_fraction_of_fma_peak").asDouble(), 1e-12, o.toString());
        // the prefill's split likewise: products and attention timed, their sum within the slowest prefill
        double pm = o.get("prefill_matmul_ms").asDouble(), pa = o.get("prefill_attention_ms").asDouble();
        assertTrue(pm > 0 && pa > 0 && o.hasNonNull("prefill_other_ms"), o.toString());
        double slowestPrefill = 1000 * 5 / o.get("prefill_tokens_per_s_min").asDouble();
        assertTrue(pm + pa <= slowestPrefill * 1.001, pm + " + " + pa + " ms > " + slowestPrefill + " ms a prefill");
        assertEquals(2, o.get("threads").asInt());
        // the memory target: weights + KV cache + 64 MiB, and how far the resident set is from it
        long budget = o.get("weight_bytes_resident").asLong() + o.get("kv_cache_bytes").asLong() + (64L << 20);
        assertEquals(budget, o.get("rss_budget_bytes").asLong(), o.toString());
        assertEquals(o.get("rss_bytes").asLong() - budget, o.get("rss_over_budget_bytes").asLong(), o.toString());
        // the file-backed part by owner (smaps), read just after the status counters: the JDK's files are always mapped
        long weights = o.get("rss_weight_files_bytes").asLong(), jdk = o.get("rss_jdk_files_bytes").asLong();
        long other = o.get("rss_other_files_bytes").asLong();
        assertTrue(jdk > 0 && weights >= 0 && other >= 0, o.toString());
        assertTrue(weights + jdk + other <= o.get("rss_file_bytes").asLong() + (4L << 20), o.toString());
        if (dtype.equals("f32")) assertTrue(weights > 0, "weights read in place are resident file pages: " + o);
        assertTrue(err.toString().contains("bench: resident "), "the memory line goes to stderr: " + err);
        // read again after --settle-seconds, only when asked for
        if (settleSeconds > 0) {
            assertTrue(o.get("rss_settled_bytes").asLong() > 0, o.toString());
            assertEquals(o.get("rss_settled_bytes").asLong() - budget, o.get("rss_settled_over_budget_bytes").asLong(), o.toString());
        } else {
            assertTrue(o.get("rss_settled_bytes").isNull() && o.get("rss_settled_over_budget_bytes").isNull(), o.toString());
        }
        // no warm-up asked for: none run; 0.3 s of it: at least one repetition (each probes for > 0.1 s)
        int warm = o.get("warmup_repetitions").asInt();
        assertTrue(warmupSeconds == 0 ? warm == 0 : warm >= 1, "warmup_repetitions " + warm);
        // a line for each probed warm-up ("warm-up 1: ..."), then one for those of the model alone ("warm-up: K more ...")
        int lines = err.toString().split("warm-up \\d+:", -1).length - 1;
        Matcher more = Pattern.compile("warm-up: (\\d+) more repetitions").matcher(err.toString());
        if (more.find()) lines += Integer.parseInt(more.group(1));
        assertEquals(warm, lines, "progress lines account for every warm-up: " + err);
        assertTrue(err.toString().contains("bench:"), "progress goes to stderr");
    }

    @Test
    void defaultLengthsFitAShortContextGivenOnesDoNot(@TempDir Path cache) throws Exception {
        System.setProperty("lancet.cache", cache.toString());
        try {
            // the tiny synthetic shape has 128 positions: 256 + 32 do not fit, so the defaults shrink to 96 + 32
            StringWriter out = new StringWriter(), err = new StringWriter();
            int code = Lancet.run(new PrintWriter(out), new PrintWriter(err), "bench", "--json", "--synthetic", "tiny",
                    "--warmups", "0", "--warmup-seconds", "0", "--repetitions", "1", "--bandwidth-mib", "16");
            assertEquals(0, code, err.toString());
            JsonNode o = new ObjectMapper().readTree(out.toString());
            assertEquals(96, o.get("prompt_tokens").asInt(), o.toString());
            assertEquals(32, o.get("gen_tokens").asInt(), o.toString());
            assertTrue(err.toString().contains("context is 128 positions: --prompt-tokens 96 --gen-tokens 32"), err.toString());
            // a given length is kept: one that does not fit is refused, naming both options and the context
            out = new StringWriter();
            err = new StringWriter();
            code = Lancet.run(new PrintWriter(out), new PrintWriter(err), "bench", "--json", "--synthetic", "tiny",
                    "--prompt-tokens", "120", "--bandwidth-mib", "16");
            assertEquals(2, code, err.toString());
            assertTrue(err.toString().contains("--prompt-tokens + --gen-tokens = 152 exceeds the model's context 128"), err.toString());
            assertEquals("", out.toString());
        } finally {
            System.clearProperty("lancet.cache");
        }
    }

    @Test
    void mmapAndCopyTogetherAreRefused() {
        StringWriter out = new StringWriter(), err = new StringWriter();
        int code = Lancet.run(new PrintWriter(out), new PrintWriter(err), "bench", "--json", "--mmap", "--copy", "--bandwidth-mib", "16");
        assertEquals(2, code, err.toString());
        assertTrue(err.toString().contains("--mmap or --copy"), err.toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"--dtype=q4", "--prompt-tokens=0", "--synthetic=nope", "--warmup-seconds=-1", "--warmup-seconds=NaN",
            "--settle-seconds=-1", "--settle-seconds=NaN"})
    void badArgumentsAreOneLineAndExitTwo(String bad) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        int code = Lancet.run(new PrintWriter(out), new PrintWriter(err), "bench", "--json", bad, "--bandwidth-mib", "16");
        assertEquals(2, code, err.toString());
        assertTrue(err.toString().startsWith("lancet: "), err.toString());
        assertEquals("", out.toString());
    }
}
