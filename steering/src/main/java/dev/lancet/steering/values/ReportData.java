package dev.lancet.steering.values;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The numbers the report shows, computed once from a {@link SweepResult}; the HTML page draws them
 * and {@code report.json} holds them. Null stands for undefined or not measured.
 *
 * @param title               page title
 * @param model               model name, may be null
 * @param measure             what the value scores are
 * @param leakageWeights      NGLR weights name
 * @param basePerplexity      unsteered perplexity, may be null
 * @param methods             one summary per method, in display order
 * @param neuronsPerLayer     located neurons per value per layer
 * @param unitClassesPerLayer unit-class counts per layer
 */
public record ReportData(String title, String model, String measure, String leakageWeights, Double basePerplexity,
                         List<MethodSummary> methods, Map<SchwartzValue, int[]> neuronsPerLayer,
                         Map<UnitClass, int[]> unitClassesPerLayer) {

    /**
     * One method: its leakage matrix at the heatmap strength, averages there, and its curve over
     * strengths.
     *
     * @param method           method name
     * @param heatmapStrength  the strength of the heatmap runs, or null when targets used different
     *                         (their largest) strengths
     * @param matrix           M[i][j] rows in circumplex order, null entries where undefined
     * @param targetsRun       targets with a heatmap run
     * @param targetsDefined   targets whose score rose there
     * @param undefinedTargets targets run that did not rise
     * @param meanNlr          mean NLR over targets that rose
     * @param meanNglr         mean NGLR over targets that rose
     * @param meanByDistance   mean M[i][j] by circumplex distance 1..5 (5 entries)
     * @param curve            per strength: means over targets
     */
    public record MethodSummary(String method, Double heatmapStrength, List<List<Double>> matrix, int targetsRun,
                                int targetsDefined, List<SchwartzValue> undefinedTargets, Double meanNlr,
                                Double meanNglr, List<Double> meanByDistance, List<CurvePoint> curve) {}

    /**
     * Means over the targets run at one strength.
     *
     * @param strength          the strength
     * @param targets           targets run at it
     * @param meanGain          mean dS of the target
     * @param meanNlr           mean NLR over targets that rose, null when none did
     * @param nlrDefined        how many rose
     * @param meanNglr          mean NGLR over targets that rose
     * @param meanPerplexity    mean perplexity over points that measured it
     * @param meanKl            mean KL
     * @param meanGreedyAgreement mean greedy agreement
     */
    public record CurvePoint(double strength, int targets, double meanGain, Double meanNlr, int nlrDefined,
                             Double meanNglr, Double meanPerplexity, Double meanKl, Double meanGreedyAgreement) {}

    public static ReportData of(SweepResult sweep, ReportOptions options) {
        LeakageWeights weights = weightsNamed(sweep.leakageWeights());
        List<MethodSummary> methods = new ArrayList<>();
        for (String method : sweep.methods()) {
            Double chosen = options.heatmapStrength().get(method);
            double[][] delta = sweep.deltaByTarget(method, chosen);
            Double strength = chosen != null ? chosen : commonLargestStrength(sweep, method);
            LeakageMatrix m = Leakage.matrix(delta);
            LeakageSummary summary = Leakage.summarize(delta, weights);
            List<List<Double>> matrix = new ArrayList<>();
            for (double[] row : m.m()) {
                List<Double> r = new ArrayList<>();
                for (double x : row) r.add(Double.isNaN(x) ? null : x);
                matrix.add(r);
            }
            List<Double> byDistance = new ArrayList<>();
            for (int d = 1; d <= 5; d++) byDistance.add(nullIfNaN(summary.meanByDistance()[d]));
            methods.add(new MethodSummary(method, strength, matrix, summary.targetsRun(), summary.targetsDefined(),
                    summary.undefinedTargets(), nullIfNaN(summary.meanNlr()), nullIfNaN(summary.meanNglr()), byDistance,
                    curve(sweep, method)));
        }
        return new ReportData(options.title(), sweep.model(), sweep.measure(), sweep.leakageWeights(),
                sweep.basePerplexity(), methods, sweep.neuronsPerLayer(), sweep.unitClassesPerLayer());
    }

    /**
     * The weights NGLR was computed with, from their name; an unknown name falls back to the
     * standard weights (only the report's recomputed averages depend on it).
     */
    static LeakageWeights weightsNamed(String name) {
        if ("uniform".equals(name)) return LeakageWeights.uniform();
        if ("circumplex".equals(name)) return LeakageWeights.circumplex();
        if (name != null && name.startsWith("grouped(") && name.endsWith(")")) {
            try {
                return LeakageWeights.grouped(Double.parseDouble(name.substring(8, name.length() - 1)));
            } catch (IllegalArgumentException e) {
                return LeakageWeights.standard();
            }
        }
        return LeakageWeights.standard();
    }

    private static Double commonLargestStrength(SweepResult sweep, String method) {
        TreeSet<Double> largest = new TreeSet<>();
        for (SchwartzValue t : sweep.targets(method)) {
            double best = Double.NEGATIVE_INFINITY;
            for (SweepPoint p : sweep.points()) {
                if (p.target() == t && p.method().equals(method)) best = Math.max(best, p.strength());
            }
            largest.add(best);
        }
        return largest.size() == 1 ? largest.first() : null;
    }

    private static List<CurvePoint> curve(SweepResult sweep, String method) {
        List<CurvePoint> out = new ArrayList<>();
        for (double strength : sweep.strengths(method)) {
            int n = 0;
            double gain = 0;
            int nlrN = 0;
            double nlr = 0;
            double nglr = 0;
            int pplN = 0;
            double ppl = 0;
            int klN = 0;
            double kl = 0;
            int agN = 0;
            double ag = 0;
            for (SweepPoint p : sweep.points()) {
                if (!p.method().equals(method) || p.strength() != strength) continue;
                n++;
                gain += p.gain();
                if (p.nlr() != null) {
                    nlrN++;
                    nlr += p.nlr();
                    nglr += p.nglr() == null ? 0 : p.nglr();
                }
                if (p.perplexity() != null) {
                    pplN++;
                    ppl += p.perplexity();
                }
                if (p.kl() != null) {
                    klN++;
                    kl += p.kl();
                }
                if (p.greedyAgreement() != null) {
                    agN++;
                    ag += p.greedyAgreement();
                }
            }
            out.add(new CurvePoint(strength, n, gain / n, nlrN == 0 ? null : nlr / nlrN, nlrN,
                    nlrN == 0 ? null : nglr / nlrN, pplN == 0 ? null : ppl / pplN, klN == 0 ? null : kl / klN,
                    agN == 0 ? null : ag / agN));
        }
        return out;
    }

    private static Double nullIfNaN(double x) {
        return Double.isNaN(x) ? null : x;
    }

    public String toJson() {
        return ValuesJson.toJson(this);
    }
}
