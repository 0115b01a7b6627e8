package dev.lancet.runtime.sampling;

import java.util.SplittableRandom;

/**
 * Chooses tokens from logits per a {@link SamplingConfig}. Buffers are allocated once per vocabulary
 * size; the random stream is a {@link SplittableRandom} from the seed, so the same seed, logits and
 * history give the same tokens on any machine.
 */
public final class Sampler {
    private final SamplingConfig config;
    private final SplittableRandom random;
    private final float[] probs;
    private final int[] order;
    private final boolean[] seen;

    public Sampler(SamplingConfig config, int vocabSize) {
        this.config = config;
        this.random = new SplittableRandom(config.seed());
        this.probs = new float[vocabSize];
        this.order = new int[vocabSize];
        this.seen = new boolean[vocabSize];
    }

    public SamplingConfig config() {
        return config;
    }

    /** Marks a token as part of the history that the repetition penalty looks at. */
    public void observe(int token) {
        if (token >= 0 && token < seen.length) seen[token] = true;
    }

    public void clearHistory() {
        java.util.Arrays.fill(seen, false);
    }

    /** Picks the next token; {@code logits} is not modified. */
    public int sample(float[] logits) {
        int n = probs.length;
        float penalty = config.repetitionPenalty();
        for (int i = 0; i < n; i++) {
            float l = logits[i];
            if (penalty != 1f && seen[i]) l = l > 0 ? l / penalty : l * penalty;
            probs[i] = l;
        }
        if (config.greedy()) return argmax(probs);

        // softmax(l / T), max subtracted for range safety
        float max = Float.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) max = Math.max(max, probs[i]);
        double sum = 0;
        float invT = 1f / config.temperature();
        for (int i = 0; i < n; i++) {
            float e = (float) Math.exp((probs[i] - max) * invT);
            probs[i] = e;
            sum += e;
        }
        for (int i = 0; i < n; i++) probs[i] /= (float) sum;

        int kept = sortByProbability(n);
        if (config.topK() > 0) kept = Math.min(kept, config.topK());
        if (config.topP() < 1f) {
            double cum = 0;
            for (int i = 0; i < kept; i++) {
                cum += probs[order[i]];
                if (cum >= config.topP()) {
                    kept = i + 1;
                    break;
                }
            }
        }
        if (config.minP() > 0f) {
            float floor = config.minP() * probs[order[0]];
            int i = 1;
            while (i < kept && probs[order[i]] >= floor) i++;
            kept = i;
        }
        double total = 0;
        for (int i = 0; i < kept; i++) total += probs[order[i]];
        double r = random.nextDouble() * total;
        double cum = 0;
        for (int i = 0; i < kept; i++) {
            cum += probs[order[i]];
            if (r < cum) return order[i];
        }
        return order[kept - 1];
    }

    /** Sorts token ids by descending probability (ties: lower id first); returns n. */
    private int sortByProbability(int n) {
        for (int i = 0; i < n; i++) order[i] = i;
        // heap-free: a simple merge sort over ints with a comparator on probs would allocate; use shell sort
        for (int gap = n / 2; gap > 0; gap /= 2) {
            for (int i = gap; i < n; i++) {
                int v = order[i];
                int j = i;
                while (j >= gap && before(v, order[j - gap])) {
                    order[j] = order[j - gap];
                    j -= gap;
                }
                order[j] = v;
            }
        }
        return n;
    }

    private boolean before(int a, int b) {
        return probs[a] > probs[b] || (probs[a] == probs[b] && a < b);
    }

    public static int argmax(float[] v) {
        int best = 0;
        for (int i = 1; i < v.length; i++) if (v[i] > v[best]) best = i;
        return best;
    }
}
