package dev.lancet.steering.values;

/**
 * A scored questionnaire (see {@link PvqScoring} for the formulas). Per-value arrays are in
 * circumplex order ({@link SchwartzValue#ordinal()}); a value with no item is NaN.
 *
 * @param answers    per item: option distribution and expected answer
 * @param itemScores per item: expected answer after reverse keying
 * @param raw        per value: mean item score
 * @param mrat       mean over all items
 * @param centred    per value: raw - mrat
 */
public record PvqProfile(PvqScoring.ItemAnswer[] answers, double[] itemScores, double[] raw, double mrat,
                         double[] centred) {

    public double raw(SchwartzValue v) {
        return raw[v.ordinal()];
    }

    public double centred(SchwartzValue v) {
        return centred[v.ordinal()];
    }

    /** steered - base, per value, on the raw (uncentred) scores: the dS that leakage uses. */
    public static double[] rawDelta(PvqProfile base, PvqProfile steered) {
        double[] d = new double[SchwartzValue.COUNT];
        for (int v = 0; v < d.length; v++) d[v] = steered.raw[v] - base.raw[v];
        return d;
    }

    /** steered - base, per value, on the centred scores. */
    public static double[] centredDelta(PvqProfile base, PvqProfile steered) {
        double[] d = new double[SchwartzValue.COUNT];
        for (int v = 0; v < d.length; v++) d[v] = steered.centred[v] - base.centred[v];
        return d;
    }
}
