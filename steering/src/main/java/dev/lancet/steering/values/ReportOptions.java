package dev.lancet.steering.values;

import java.util.Map;

/**
 * Report settings.
 *
 * @param title           page title
 * @param heatmapStrength per method, the strength whose runs fill the heatmap; a method not in the
 *                        map uses each target's largest strength
 */
public record ReportOptions(String title, Map<String, Double> heatmapStrength) {
    public ReportOptions {
        if (title == null || title.isBlank()) title = "Lancet value steering report";
        heatmapStrength = heatmapStrength == null ? Map.of() : Map.copyOf(heatmapStrength);
    }

    public static ReportOptions defaults() {
        return new ReportOptions(null, Map.of());
    }
}
