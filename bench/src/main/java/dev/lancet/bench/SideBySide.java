package dev.lancet.bench;

import com.github.tjake.jlama.model.AbstractModel;
import com.github.tjake.jlama.model.ModelSupport;
import com.github.tjake.jlama.tensor.AbstractTensor;
import com.github.tjake.jlama.tensor.KvBufferCache;
import com.github.tjake.jlama.util.PhysicalCoreExecutor;
import dev.lancet.runtime.forward.Session;
import dev.lancet.runtime.model.LlamaModel;
import dev.lancet.runtime.perf.MemoryBandwidth;
import dev.lancet.runtime.perf.ProcessMemory;
import dev.lancet.runtime.perf.Samples;
import dev.lancet.runtime.safetensors.DType;
import dev.lancet.runtime.sampling.Sampler;
import dev.lancet.runtime.synthetic.SyntheticCheckpoint;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.UUID;

/**
 * Lancet and Jlama on the same synthetic checkpoint (the same file, mapped by both), the same dtype,
 * the same thread count and the same token ids, measured in one JVM with their repetitions interleaved
 * (Lancet, Jlama, Lancet, Jlama, ...) so that both see the same machine load; the read bandwidth is probed
 * before each Lancet decode and its roofline fraction paired with that probe. Prints one JSON object.
 *
 * <pre>java --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED -Dlancet.root=. \
 *   -cp bench/target/lancet-bench.jar:bench/target/lib/* dev.lancet.bench.SideBySide smollm2-135m f32 2 256 32 5</pre>
 * Arguments: shape, dtype (f32 or bf16), threads, prompt tokens, generated tokens, repetitions.
 */
public final class SideBySide {
    private SideBySide() {
    }

    public static void main(String[] args) throws Exception {
        String shape = args.length > 0 ? args[0] : "smollm2-135m";
        String dtype = args.length > 1 ? args[1] : "f32";
        int threads = args.length > 2 ? Integer.parseInt(args[2]) : 2;
        int prompt = args.length > 3 ? Integer.parseInt(args[3]) : 256;
        int gen = args.length > 4 ? Integer.parseInt(args[4]) : 32;
        int reps = args.length > 5 ? Integer.parseInt(args[5]) : 5;
        DType fileType = DType.valueOf(dtype.toUpperCase());
        Path dir = SyntheticCheckpoint.cached(shape, fileType, 1);
        Path view = JlamaModelDir.viewOf(dir, JlamaModelDir.tokenizerFamily(shape));

        PhysicalCoreExecutor.overrideThreadCount(threads);
        try (LlamaModel lancet = LlamaModel.load(dir); Session session = Session.open(lancet, threads, prompt + gen);
             MemoryBandwidth.Probe probe = MemoryBandwidth.Probe.open(threads, MemoryBandwidth.DEFAULT_BYTES)) {
            AbstractModel jlama = ModelSupport.loadModel(view.toFile(), com.github.tjake.jlama.safetensors.DType.F32,
                    com.github.tjake.jlama.safetensors.DType.F32);
            KvBufferCache cache = new KvBufferCache(jlama);
            int vocab = lancet.config().vocabSize();
            SplittableRandom rnd = new SplittableRandom(1);
            int[] ids = new int[prompt];
            for (int i = 0; i < prompt; i++) ids[i] = rnd.nextInt(vocab);
            int warmups = 2;
            double[][] r = new double[6][reps]; // + bandwidth probed before Lancet's decode, and the paired fraction
            for (int rep = 0; rep < warmups + reps; rep++) {
                // Lancet
                session.reset();
                long t0 = System.nanoTime();
                int token = Sampler.argmax(session.prefill(ids));
                double bw = probe.measure(2);
                long t1 = System.nanoTime();
                for (int g = 0; g < gen; g++) token = Sampler.argmax(session.next(token, true));
                long t2 = System.nanoTime();
                // Jlama: the same prompt as one batch, then one token at a time
                KvBufferCache.KvBuffer kv = cache.getKvBuffer(UUID.randomUUID());
                long j0 = System.nanoTime();
                jlama.batchForward(ids, 0, kv).close();
                long j1 = System.nanoTime();
                int jt = ids[prompt - 1];
                for (int g = 0; g < gen; g++) {
                    AbstractTensor out = jlama.forward(jt, prompt + g, kv, Optional.empty());
                    jt = Sampler.argmax(jlama.getLogits(out));
                    out.close();
                }
                long j2 = System.nanoTime();
                kv.close();
                double lp = prompt / ((t1 - t0) * 1e-9), ld = gen / ((t2 - t1) * 1e-9);
                double jp = prompt / ((j1 - j0) * 1e-9), jd = gen / ((j2 - j1) * 1e-9);
                System.err.printf("%s %d: lancet prefill %.1f decode %.2f tok/s | jlama prefill %.1f decode %.2f tok/s%n",
                        rep < warmups ? "warm-up" : "repetition", rep + 1, lp, ld, jp, jd);
                if (rep >= warmups) {
                    r[0][rep - warmups] = lp;
                    r[1][rep - warmups] = ld;
                    r[2][rep - warmups] = jp;
                    r[3][rep - warmups] = jd;
                    r[4][rep - warmups] = bw;
                    r[5][rep - warmups] = ld / (bw / lancet.weightBytesPerToken());
                }
            }
            Samples lp = Samples.of(r[0]), ld = Samples.of(r[1]), jp = Samples.of(r[2]), jd = Samples.of(r[3]);
            double bandwidth = Samples.of(r[4]).median();
            double roofline = bandwidth / lancet.weightBytesPerToken();
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("model", "synthetic:" + shape);
            o.put("dtype", dtype);
            o.put("threads", threads);
            o.put("prompt_tokens", prompt);
            o.put("gen_tokens", gen);
            o.put("bandwidth_gb_per_s", bandwidth / 1e9);
            o.put("roofline_tokens_per_s", roofline);
            o.put("lancet_decode_tokens_per_s", ld.median());
            o.put("lancet_decode_spread", ld.spread());
            o.put("lancet_decode_fraction_of_roofline", Samples.of(r[5]).median()); // paired with the probe before each decode
            o.put("jlama_decode_tokens_per_s", jd.median());
            o.put("jlama_decode_spread", jd.spread());
            o.put("decode_ratio_lancet_over_jlama", ld.median() / jd.median());
            o.put("lancet_prefill_tokens_per_s", lp.median());
            o.put("jlama_prefill_tokens_per_s", jp.median());
            o.put("prefill_ratio_lancet_over_jlama", lp.median() / jp.median());
            o.put("rss_bytes_both_loaded", ProcessMemory.residentBytes());
            o.put("load_average", ProcessMemory.loadAverage());
            StringBuilder sb = new StringBuilder("{");
            o.forEach((k, v) -> sb.append(sb.length() > 1 ? ", " : "").append('"').append(k).append("\": ")
                    .append(v instanceof String s ? '"' + s + '"' : String.valueOf(v)));
            System.out.println(sb.append('}'));
            cache.close();
            jlama.close();
        }
        System.exit(0); // Jlama's executor threads are not daemons
    }
}
