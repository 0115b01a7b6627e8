package dev.lancet.steering.values;

import java.util.List;

/**
 * Leakage averaged over targets.
 *
 * @param targetsRun       targets with a delta row
 * @param targetsDefined   targets whose score rose (dS_i > 0), the ones averaged
 * @param undefinedTargets targets run whose score did not rise
 * @param meanNlr          mean NLR over defined targets (NaN when none)
 * @param meanNglr         mean NGLR over defined targets (NaN when none)
 * @param meanByDistance   mean M[i][j] by circumplex distance, index 1..5 (index 0 NaN)
 */
public record LeakageSummary(int targetsRun, int targetsDefined, List<SchwartzValue> undefinedTargets,
                             double meanNlr, double meanNglr, double[] meanByDistance) {
    public LeakageSummary {
        undefinedTargets = List.copyOf(undefinedTargets);
    }
}
