package dev.lancet.steering.values;

import java.util.List;

/**
 * Scores the questionnaire from the model's next-token logits for the six answer options.
 *
 * <p>Answer scale (the prompt must present it so): 1 = "not like me at all", 2 = "not like me",
 * 3 = "a little like me", 4 = "somewhat like me", 5 = "like me", 6 = "very much like me".
 *
 * <pre>
 *   p_k   = exp(l_k) / sum_{m=1..6} exp(l_m)      softmax over the six option logits only (max subtracted)
 *   E     = sum_k k p_k                           expected answer, in [1, 6]
 *   x     = E, or 7 - E for a reverse-keyed item (keying -1)
 *   raw_v = mean of x over the items of value v
 *   MRAT  = mean of x over all items              (the person's mean rating)
 *   centred_v = raw_v - MRAT                      (Schwartz's recommended ipsatisation)
 * </pre>
 * Log-probabilities work as well as logits (the softmax renormalises); when they are log-probs
 * over the whole vocabulary, {@link ItemAnswer#logOptionMass()} is the log of the probability the
 * model puts on the six options together, a check that it answers in the format at all.
 */
public final class PvqScoring {
    /** Number of answer options. */
    public static final int OPTIONS = 6;
    /** The answer option texts, index 0 = "1". */
    public static final List<String> OPTION_TOKENS = List.of("1", "2", "3", "4", "5", "6");
    /** The answer scale labels, index 0 = option 1. */
    public static final List<String> OPTION_LABELS = List.of("not like me at all", "not like me",
            "a little like me", "somewhat like me", "like me", "very much like me");

    private PvqScoring() {}

    /**
     * @param probabilities p_1..p_6
     * @param expected      E = sum k p_k (before reverse keying)
     * @param logOptionMass log sum_k exp(l_k)
     */
    public record ItemAnswer(double[] probabilities, double expected, double logOptionMass) {}

    /** Softmax over the six option logits and the expected answer. */
    public static ItemAnswer answer(double[] optionLogits) {
        if (optionLogits.length != OPTIONS) {
            throw new ValueDataException("PVQ answer needs " + OPTIONS + " option logits (\"1\"..\"6\"), got " + optionLogits.length);
        }
        double max = Double.NEGATIVE_INFINITY;
        for (double l : optionLogits) {
            if (Double.isNaN(l) || l == Double.POSITIVE_INFINITY) {
                throw new ValueDataException("PVQ option logit is " + l);
            }
            max = Math.max(max, l);
        }
        if (max == Double.NEGATIVE_INFINITY) throw new ValueDataException("all PVQ option logits are -infinity");
        double[] p = new double[OPTIONS];
        double sum = 0;
        for (int k = 0; k < OPTIONS; k++) {
            p[k] = Math.exp(optionLogits[k] - max);
            sum += p[k];
        }
        double expected = 0;
        for (int k = 0; k < OPTIONS; k++) {
            p[k] /= sum;
            expected += (k + 1) * p[k];
        }
        return new ItemAnswer(p, expected, max + Math.log(sum));
    }

    /** {@link #answer(double[])} for float logits. */
    public static ItemAnswer answer(float[] optionLogits) {
        double[] d = new double[optionLogits.length];
        for (int k = 0; k < d.length; k++) d[k] = optionLogits[k];
        return answer(d);
    }

    /**
     * Scores a whole questionnaire.
     *
     * @param items        the items
     * @param optionLogits optionLogits[i] = the six option logits for items.get(i)
     */
    public static PvqProfile profile(List<PvqItem> items, double[][] optionLogits) {
        if (items.size() != optionLogits.length) {
            throw new ValueDataException("PVQ profile: " + items.size() + " items but " + optionLogits.length + " answers");
        }
        if (items.isEmpty()) throw new ValueDataException("PVQ profile: no items");
        ItemAnswer[] answers = new ItemAnswer[items.size()];
        double[] itemScores = new double[items.size()];
        double[] sum = new double[SchwartzValue.COUNT];
        int[] count = new int[SchwartzValue.COUNT];
        double all = 0;
        for (int i = 0; i < items.size(); i++) {
            answers[i] = answer(optionLogits[i]);
            PvqItem item = items.get(i);
            double x = item.keying() == 1 ? answers[i].expected() : (OPTIONS + 1) - answers[i].expected();
            itemScores[i] = x;
            sum[item.value().ordinal()] += x;
            count[item.value().ordinal()]++;
            all += x;
        }
        double mrat = all / items.size();
        double[] raw = new double[SchwartzValue.COUNT];
        double[] centred = new double[SchwartzValue.COUNT];
        for (int v = 0; v < SchwartzValue.COUNT; v++) {
            raw[v] = count[v] == 0 ? Double.NaN : sum[v] / count[v];
            centred[v] = raw[v] - mrat;
        }
        return new PvqProfile(answers, itemScores, raw, mrat, centred);
    }
}
