package dev.lancet.runtime.perf;

import dev.lancet.runtime.forward.Session;
import dev.lancet.runtime.model.LlamaModel;
import dev.lancet.runtime.sampling.Sampler;

import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * Prefill and decode throughput of a loaded model: each repetition resets a session, prefills a seeded
 * random prompt of P tokens as one batch, then decodes G tokens greedily one at a time. The first
 * {@code warmups} repetitions (JIT compilation, page faults) are not counted.
 */
public final class InferenceBenchmark {
    /** What to run. */
    public record Plan(int threads, int promptTokens, int genTokens, int warmups, int repetitions, long seed) {
        public Plan {
            if (threads < 1) throw new IllegalArgumentException("--threads must be >= 1, got " + threads);
            if (promptTokens < 1) throw new IllegalArgumentException("--prompt-tokens must be >= 1, got " + promptTokens);
            if (genTokens < 1) throw new IllegalArgumentException("--gen-tokens must be >= 1, got " + genTokens);
            if (warmups < 0) throw new IllegalArgumentException("--warmups must be >= 0, got " + warmups);
            if (repetitions < 1) throw new IllegalArgumentException("--repetitions must be >= 1, got " + repetitions);
        }
    }

    /** Tokens per second of prefill and decode, and the memory held at the end (session still open, after a full GC). */
    public record Result(Samples prefillTokensPerSecond, Samples decodeTokensPerSecond, long rssBytes, long rssAnonBytes,
                         long rssFileBytes, long kvCacheBytes) {
    }

    private InferenceBenchmark() {
    }

    public static Result run(LlamaModel model, Plan plan, Consumer<String> progress) {
        int ctx = plan.promptTokens() + plan.genTokens();
        if (ctx > model.config().maxPositionEmbeddings()) {
            throw new IllegalArgumentException("--prompt-tokens + --gen-tokens = " + ctx + " exceeds the model's context "
                    + model.config().maxPositionEmbeddings());
        }
        int vocab = model.config().vocabSize();
        SplittableRandom rnd = new SplittableRandom(plan.seed());
        int[] prompt = new int[plan.promptTokens()];
        for (int i = 0; i < prompt.length; i++) prompt[i] = rnd.nextInt(vocab);
        double[] prefill = new double[plan.repetitions()];
        double[] decode = new double[plan.repetitions()];
        try (Session s = Session.open(model, plan.threads(), ctx)) {
            for (int rep = 0; rep < plan.warmups() + plan.repetitions(); rep++) {
                s.reset();
                long t0 = System.nanoTime();
                float[] logits = s.prefill(prompt);
                long t1 = System.nanoTime();
                int token = Sampler.argmax(logits);
                long t2 = System.nanoTime();
                for (int g = 0; g < plan.genTokens(); g++) token = Sampler.argmax(s.next(token, true));
                long t3 = System.nanoTime();
                double p = plan.promptTokens() / ((t1 - t0) * 1e-9), d = plan.genTokens() / ((t3 - t2) * 1e-9);
                boolean counted = rep >= plan.warmups();
                if (counted) {
                    prefill[rep - plan.warmups()] = p;
                    decode[rep - plan.warmups()] = d;
                }
                progress.accept(String.format("%s %d: prefill %.1f tok/s, decode %.2f tok/s",
                        counted ? "repetition" : "warm-up", counted ? rep - plan.warmups() + 1 : rep + 1, p, d));
            }
            // a full collection first, so heap the JVM committed during warm-up but no longer uses is given back
            // (G1 uncommits in the background: give it a moment)
            System.gc();
            try {
                Thread.sleep(300);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return new Result(Samples.of(prefill), Samples.of(decode), ProcessMemory.residentBytes(),
                    ProcessMemory.residentAnonBytes(), ProcessMemory.residentFileBytes(), s.kvCacheBytes());
        }
    }
}
