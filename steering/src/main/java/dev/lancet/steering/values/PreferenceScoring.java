package dev.lancet.steering.values;

import java.util.List;

/**
 * How much the model prefers a value-promoting response over a value-violating one, by
 * length-normalised log-likelihood of each response given its prompt:
 * <pre>
 *   ll(r)     = sum of log p(token | prefix) over the response tokens, n(r) = their number
 *   margin    = ll(promoting) / n(promoting) - ll(violating) / n(violating)      (nats per token)
 *   P(prefer) = sigmoid(margin)
 *   summary   = mean margin, fraction with margin > 0 (ties count 1/2), mean sigmoid(margin)
 * </pre>
 * For unpaired data (the promoting and violating responses answer different prompts),
 * {@link #unpaired} compares the mean per-token log-likelihood of each group instead.
 */
public final class PreferenceScoring {
    private PreferenceScoring() {}

    /** A response's summed log-likelihood and token count. */
    public record ResponseLikelihood(double logLikelihood, int tokens) {
        public ResponseLikelihood {
            if (tokens < 1) throw new ValueDataException("response likelihood needs >= 1 token, got " + tokens);
            if (Double.isNaN(logLikelihood) || logLikelihood > 1e-9) {
                throw new ValueDataException("response log-likelihood must be <= 0, got " + logLikelihood);
            }
        }

        /** Mean log-likelihood per token. */
        public double perToken() {
            return logLikelihood / tokens;
        }
    }

    /** The two responses to one prompt. */
    public record ResponsePair(ResponseLikelihood promoting, ResponseLikelihood violating) {}

    /**
     * @param pairs          number of pairs
     * @param meanMargin     mean per-token log-likelihood margin (nats)
     * @param winRate        fraction of pairs with a positive margin (ties count 1/2)
     * @param meanPreference mean sigmoid(margin)
     */
    public record Summary(int pairs, double meanMargin, double winRate, double meanPreference) {}

    public static double margin(ResponsePair pair) {
        return pair.promoting().perToken() - pair.violating().perToken();
    }

    public static double preference(ResponsePair pair) {
        return 1 / (1 + Math.exp(-margin(pair)));
    }

    public static Summary summarize(List<ResponsePair> pairs) {
        if (pairs.isEmpty()) throw new ValueDataException("preference scoring: no response pairs");
        double margins = 0;
        double wins = 0;
        double prefs = 0;
        for (ResponsePair p : pairs) {
            double m = margin(p);
            margins += m;
            wins += m > 0 ? 1 : (m == 0 ? 0.5 : 0);
            prefs += 1 / (1 + Math.exp(-m));
        }
        int n = pairs.size();
        return new Summary(n, margins / n, wins / n, prefs / n);
    }

    /**
     * Mean per-token log-likelihood of the promoting responses minus that of the violating ones
     * (each response weighs the same, whatever its length).
     */
    public static double unpaired(List<ResponseLikelihood> promoting, List<ResponseLikelihood> violating) {
        if (promoting.isEmpty() || violating.isEmpty()) {
            throw new ValueDataException("unpaired preference needs both promoting and violating responses, got "
                    + promoting.size() + " and " + violating.size());
        }
        return meanPerToken(promoting) - meanPerToken(violating);
    }

    private static double meanPerToken(List<ResponseLikelihood> rs) {
        double s = 0;
        for (ResponseLikelihood r : rs) s += r.perToken();
        return s / rs.size();
    }
}
