package dev.lancet.steering.values;

/**
 * What steering costs in general capability, from quantities the caller reads off forward passes:
 * <pre>
 *   perplexity  = exp(-(1/T) sum_t log p(x_t | x_&lt;t))                      over T scored tokens
 *   log-softmax = l_k - (max_m l_m + ln sum_m exp(l_m - max_m l_m))           (no overflow)
 *   KL(base || steered) = sum_k p_k (log p_k - log q_k),  p = softmax(base logits), q = softmax(steered)
 *   greedy agreement    = (1/N) sum_t [base_t == steered_t]                 over the N base tokens
 * </pre>
 * KL is in nats; tiny negative values from rounding are clamped to 0. None of the methods allocate.
 */
public final class CapabilityCost {
    private CapabilityCost() {}

    /** Perplexity from per-token log-probabilities (natural log). */
    public static double perplexity(float[] tokenLogProbs) {
        if (tokenLogProbs.length == 0) throw new ValueDataException("perplexity needs at least one token");
        double sum = 0;
        for (float lp : tokenLogProbs) sum += checkLogProb(lp);
        return Math.exp(-sum / tokenLogProbs.length);
    }

    /** Perplexity from per-token log-probabilities (natural log). */
    public static double perplexity(double[] tokenLogProbs) {
        if (tokenLogProbs.length == 0) throw new ValueDataException("perplexity needs at least one token");
        double sum = 0;
        for (double lp : tokenLogProbs) sum += checkLogProb(lp);
        return Math.exp(-sum / tokenLogProbs.length);
    }

    /** Perplexity from a log-probability sum over {@code tokens} tokens (to pool several texts). */
    public static double perplexity(double sumLogProb, long tokens) {
        if (tokens < 1) throw new ValueDataException("perplexity needs at least one token");
        checkLogProb(sumLogProb);
        return Math.exp(-sumLogProb / tokens);
    }

    private static double checkLogProb(double lp) {
        if (Double.isNaN(lp) || lp > 1e-6) throw new ValueDataException("token log-probability must be <= 0, got " + lp);
        return lp;
    }

    /** ln sum_k exp(l_k), stable. */
    public static double logSumExp(float[] logits) {
        if (logits.length == 0) throw new ValueDataException("empty logits");
        double max = Double.NEGATIVE_INFINITY;
        for (float l : logits) {
            if (Float.isNaN(l) || l == Float.POSITIVE_INFINITY) throw new ValueDataException("logit is " + l);
            max = Math.max(max, l);
        }
        if (max == Double.NEGATIVE_INFINITY) throw new ValueDataException("all logits are -infinity");
        double s = 0;
        for (float l : logits) s += Math.exp(l - max);
        return max + Math.log(s);
    }

    /** out[k] = log softmax(logits)[k]. */
    public static void logSoftmax(float[] logits, double[] out) {
        if (out.length != logits.length) throw new IllegalArgumentException("output length differs from logits length");
        double lse = logSumExp(logits);
        for (int k = 0; k < logits.length; k++) out[k] = logits[k] - lse;
    }

    /** KL(softmax(base) || softmax(steered)) in nats for one position. */
    public static double kl(float[] baseLogits, float[] steeredLogits) {
        if (baseLogits.length != steeredLogits.length) {
            throw new ValueDataException("KL: base has " + baseLogits.length + " logits, steered " + steeredLogits.length);
        }
        double lseP = logSumExp(baseLogits);
        double lseQ = logSumExp(steeredLogits);
        double kl = 0;
        for (int k = 0; k < baseLogits.length; k++) {
            double logP = baseLogits[k] - lseP;
            if (logP == Double.NEGATIVE_INFINITY) continue;
            double p = Math.exp(logP);
            if (p == 0) continue;
            kl += p * (logP - (steeredLogits[k] - lseQ));
        }
        return Math.max(0, kl);
    }

    /** Mean KL over positions: base[t] and steered[t] are the logits at position t. */
    public static double meanKl(float[][] base, float[][] steered) {
        if (base.length != steered.length) {
            throw new ValueDataException("KL: base has " + base.length + " positions, steered " + steered.length);
        }
        if (base.length == 0) throw new ValueDataException("KL: no positions");
        double s = 0;
        for (int t = 0; t < base.length; t++) s += kl(base[t], steered[t]);
        return s / base.length;
    }

    /**
     * Fraction of the base continuation's positions where the steered one has the same token;
     * positions past the end of the steered continuation count as disagreeing.
     */
    public static double greedyAgreement(int[] base, int[] steered) {
        if (base.length == 0) throw new ValueDataException("greedy agreement: empty base continuation");
        int same = 0;
        for (int t = 0; t < base.length; t++) if (t < steered.length && base[t] == steered[t]) same++;
        return (double) same / base.length;
    }

    /** Length of the common prefix divided by the base length: where the continuations first part. */
    public static double prefixAgreement(int[] base, int[] steered) {
        if (base.length == 0) throw new ValueDataException("prefix agreement: empty base continuation");
        int t = 0;
        while (t < base.length && t < steered.length && base[t] == steered[t]) t++;
        return (double) t / base.length;
    }
}
