package dev.lancet.runtime.generate;

import dev.lancet.runtime.LancetException;
import dev.lancet.runtime.forward.Session;
import dev.lancet.runtime.sampling.Sampler;
import dev.lancet.runtime.sampling.SamplingConfig;

import java.util.Arrays;

/** Prompt in, tokens out: prefill, then sample and feed back until max tokens or a stop token. */
public final class Generator {
    private Generator() {
    }

    /**
     * Continues the session's conversation with {@code prompt} and returns the generated ids (a stop
     * token, if hit, is included as the last id and not fed back).
     */
    public static int[] generate(Session session, int[] prompt, int maxTokens, SamplingConfig sampling,
                                 int[] stopTokens, TokenListener listener) {
        if (maxTokens < 0) throw new LancetException("--max-tokens must be >= 0, got " + maxTokens);
        int room = session.contextLength() - session.position() - prompt.length;
        if (maxTokens > room) {
            throw new LancetException("--max-tokens " + maxTokens + " with a " + prompt.length + "-token prompt at position "
                    + session.position() + " exceeds the context length " + session.contextLength());
        }
        Sampler sampler = new Sampler(sampling, session.model().config().vocabSize());
        for (int t : prompt) sampler.observe(t);
        int[] out = new int[maxTokens];
        if (maxTokens == 0) return out;
        float[] logits = session.prefill(prompt);
        int n = 0;
        while (n < maxTokens) {
            int token = sampler.sample(logits);
            out[n++] = token;
            sampler.observe(token);
            if (listener != null) listener.onToken(token);
            if (contains(stopTokens, token) || n == maxTokens) break;
            logits = session.next(token, true);
        }
        return Arrays.copyOf(out, n);
    }

    private static boolean contains(int[] set, int v) {
        if (set == null) return false;
        for (int s : set) if (s == v) return true;
        return false;
    }
}
