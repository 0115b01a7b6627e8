package dev.lancet.steering.values;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The sweep report: one self-contained HTML page (inline CSS and SVG, no scripts, no external
 * resources; well-formed XML so it can be checked by an XML parser) with
 * <ul>
 *   <li>a summary table per method,</li>
 *   <li>the 10 x 10 leakage heatmaps of all methods side by side, with a colour legend,</li>
 *   <li>target gain, NLR, NGLR, perplexity, KL and greedy agreement against strength, one line per method,</li>
 *   <li>located neurons per layer (stacked by value) and unit-class counts per layer (bars and table),</li>
 * </ul>
 * plus the same numbers as {@code report.json} and CSV ({@link SweepTables}).
 */
public final class ValueReport {
    public static final String HTML_FILE = "report.html";
    public static final String REPORT_JSON_FILE = "report.json";
    public static final String SWEEP_JSON_FILE = "sweep.json";
    public static final String POINTS_CSV_FILE = "points.csv";
    public static final String MATRIX_CSV_FILE = "leakage_matrix.csv";

    private ValueReport() {}

    /** Writes report.html, report.json, sweep.json, points.csv and leakage_matrix.csv into {@code dir}. */
    public static List<Path> write(SweepResult sweep, ReportOptions options, Path dir) {
        ReportData data = ReportData.of(sweep, options);
        List<Path> written = new ArrayList<>();
        written.add(writeText(dir.resolve(HTML_FILE), html(data)));
        written.add(writeText(dir.resolve(REPORT_JSON_FILE), data.toJson() + "\n"));
        sweep.write(dir.resolve(SWEEP_JSON_FILE));
        written.add(dir.resolve(SWEEP_JSON_FILE));
        written.add(writeText(dir.resolve(POINTS_CSV_FILE), SweepTables.pointsCsv(sweep)));
        written.add(writeText(dir.resolve(MATRIX_CSV_FILE), SweepTables.matrixCsv(data)));
        return written;
    }

    private static Path writeText(Path file, String text) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) Files.createDirectories(parent);
            Files.writeString(file, text, StandardCharsets.UTF_8);
            return file;
        } catch (IOException e) {
            throw new ValueDataException("cannot write report file " + file + ": " + e.getMessage(), e);
        }
    }

    public static String html(SweepResult sweep, ReportOptions options) {
        return html(ReportData.of(sweep, options));
    }

    public static String html(ReportData d) {
        StringBuilder h = new StringBuilder(200_000);
        h.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n<title>")
                .append(Markup.escape(d.title())).append("</title>\n<style>\n").append(CSS).append("</style>\n</head>\n<body>\n");
        h.append("<h1>").append(Markup.escape(d.title())).append("</h1>\n");
        h.append("<p class=\"meta\">model: <b>").append(Markup.escape(d.model() == null ? "(not given)" : d.model()))
                .append("</b> · value scores: <b>").append(Markup.escape(d.measure()))
                .append("</b> · NGLR weights: <b>").append(Markup.escape(d.leakageWeights()))
                .append("</b> · base perplexity: <b>").append(Markup.num(d.basePerplexity(), 3)).append("</b></p>\n");
        summaryTable(h, d);
        heatmaps(h, d);
        curves(h, d);
        layerCharts(h, d);
        h.append("<h2>How to read this</h2>\n<ul class=\"notes\">\n")
                .append("<li>dS<sub>j</sub>: change of value j's score when steering toward target i (steered minus unsteered).</li>\n")
                .append("<li>M[i][j] = dS<sub>j</sub> / dS<sub>i</sub>; a row is undefined (grey) when the target did not rise (dS<sub>i</sub> &#8804; 0) or was not run.</li>\n")
                .append("<li>NLR<sub>i</sub> = &#931;<sub>j&#8800;i</sub> max(0, dS<sub>j</sub>) / (9 dS<sub>i</sub>); NGLR weights leakage by circumplex distance and higher-order group (docs/VALUES.md). Means skip undefined targets.</li>\n")
                .append("<li>Numbers are Lancet's own measurements with the formulas in docs/VALUES.md, not a reproduction of published results.</li>\n")
                .append("</ul>\n</body>\n</html>\n");
        return h.toString();
    }

    private static void summaryTable(StringBuilder h, ReportData d) {
        h.append("<h2>Summary at the heatmap strength</h2>\n<table>\n<tr><th>method</th><th>strength</th><th>targets run</th>")
                .append("<th>targets that rose</th><th>mean NLR</th><th>mean NGLR</th><th>M by distance 1</th><th>2</th><th>3</th><th>4</th><th>5</th><th>did not rise</th></tr>\n");
        for (ReportData.MethodSummary m : d.methods()) {
            h.append("<tr><td>").append(Markup.escape(m.method())).append("</td><td>")
                    .append(m.heatmapStrength() == null ? "largest per target" : Markup.escape(Markup.tick(m.heatmapStrength())))
                    .append("</td><td>").append(m.targetsRun()).append("</td><td>").append(m.targetsDefined())
                    .append("</td><td>").append(Markup.num(m.meanNlr(), 3)).append("</td><td>").append(Markup.num(m.meanNglr(), 3)).append("</td>");
            for (Double x : m.meanByDistance()) h.append("<td>").append(Markup.num(x, 3)).append("</td>");
            StringBuilder und = new StringBuilder();
            for (SchwartzValue v : m.undefinedTargets()) und.append(und.isEmpty() ? "" : ", ").append(v.label());
            h.append("<td>").append(Markup.escape(und.isEmpty() ? "none" : und.toString())).append("</td></tr>\n");
        }
        h.append("</table>\n");
    }

    private static void heatmaps(StringBuilder h, ReportData d) {
        h.append("<h2>Value leakage matrices</h2>\n<div class=\"row\">\n");
        int k = 0;
        for (ReportData.MethodSummary m : d.methods()) {
            double[][] mat = new double[SchwartzValue.COUNT][SchwartzValue.COUNT];
            for (int i = 0; i < SchwartzValue.COUNT; i++) {
                for (int j = 0; j < SchwartzValue.COUNT; j++) {
                    Double x = m.matrix().get(i).get(j);
                    mat[i][j] = x == null ? Double.NaN : x;
                }
            }
            h.append("<figure>\n<figcaption>").append(Markup.escape(m.method())).append(" · strength ")
                    .append(m.heatmapStrength() == null ? "largest per target" : Markup.escape(Markup.tick(m.heatmapStrength())))
                    .append(" · mean NLR ").append(Markup.num(m.meanNlr(), 3)).append(" (").append(m.targetsDefined())
                    .append(" of ").append(m.targetsRun()).append(" targets rose)</figcaption>\n")
                    .append(HeatmapSvg.render(mat, m.method(), "hm" + k++)).append("</figure>\n");
        }
        h.append("</div>\n");
    }

    private static void curves(StringBuilder h, ReportData d) {
        h.append("<h2>Gain, leakage and capability cost as strength grows</h2>\n<p class=\"meta\">Each point is a mean over the targets run at that strength; NLR and NGLR over those whose score rose.</p>\n<div class=\"grid\">\n");
        h.append(curve(d, "Target gain (mean dS of the target)", c -> c.meanGain(), Double.NaN, ""));
        h.append(curve(d, "Leakage NLR", ReportData.CurvePoint::meanNlr, Double.NaN, ""));
        h.append(curve(d, "Grouped leakage NGLR", ReportData.CurvePoint::meanNglr, Double.NaN, ""));
        h.append(curve(d, "Perplexity on general text", ReportData.CurvePoint::meanPerplexity,
                d.basePerplexity() == null ? Double.NaN : d.basePerplexity(), "unsteered"));
        h.append(curve(d, "KL(base || steered), nats", ReportData.CurvePoint::meanKl, Double.NaN, ""));
        h.append(curve(d, "Greedy agreement with unsteered", ReportData.CurvePoint::meanGreedyAgreement, Double.NaN, ""));
        h.append("</div>\n");
    }

    private static String curve(ReportData d, String title, Function<ReportData.CurvePoint, Double> f,
                                double reference, String refLabel) {
        List<LineChartSvg.Series> series = new ArrayList<>();
        int k = 0;
        for (ReportData.MethodSummary m : d.methods()) {
            double[] x = new double[m.curve().size()];
            double[] y = new double[x.length];
            for (int i = 0; i < x.length; i++) {
                ReportData.CurvePoint c = m.curve().get(i);
                x[i] = c.strength();
                Double v = f.apply(c);
                y[i] = v == null ? Double.NaN : v;
            }
            series.add(new LineChartSvg.Series(m.method(), Palette.method(k++), x, y));
        }
        return "<div class=\"cell\">" + LineChartSvg.render(title, "strength", series, reference, refLabel) + "</div>\n";
    }

    private static void layerCharts(StringBuilder h, ReportData d) {
        h.append("<h2>Located neurons and unit classes per layer</h2>\n<div class=\"row\">\n");
        int layers = 0;
        for (int[] c : d.neuronsPerLayer().values()) layers = Math.max(layers, c.length);
        for (int[] c : d.unitClassesPerLayer().values()) layers = Math.max(layers, c.length);
        List<String> bars = new ArrayList<>();
        for (int l = 0; l < layers; l++) bars.add("L" + l);
        if (d.neuronsPerLayer().isEmpty()) {
            h.append("<p class=\"meta\">No located neurons in this sweep file.</p>\n");
        } else {
            List<StackedBarSvg.Stack> stacks = new ArrayList<>();
            for (Map.Entry<SchwartzValue, int[]> e : d.neuronsPerLayer().entrySet()) {
                stacks.add(new StackedBarSvg.Stack(e.getKey().label(), Palette.value(e.getKey()), padded(e.getValue(), layers)));
            }
            h.append("<figure>").append(StackedBarSvg.render("Located neurons per layer", "layer", bars, stacks)).append("</figure>\n");
        }
        if (d.unitClassesPerLayer().isEmpty()) {
            h.append("<p class=\"meta\">No unit classes in this sweep file.</p>\n");
        } else {
            List<StackedBarSvg.Stack> stacks = new ArrayList<>();
            for (UnitClass c : UnitClass.values()) {
                int[] counts = d.unitClassesPerLayer().get(c);
                if (counts != null && c != UnitClass.REDUNDANT) {
                    stacks.add(new StackedBarSvg.Stack(c.label(), Palette.unitClass(c), padded(counts, layers)));
                }
            }
            h.append("<figure>").append(StackedBarSvg.render("Unit classes per layer (redundant not drawn)", "layer", bars, stacks));
            h.append("<table class=\"small\">\n<tr><th>layer</th>");
            for (UnitClass c : UnitClass.values()) h.append("<th>").append(Markup.escape(c.label())).append("</th>");
            h.append("</tr>\n");
            int[] total = new int[UnitClass.values().length];
            for (int l = 0; l < layers; l++) {
                h.append("<tr><td>").append(l).append("</td>");
                for (UnitClass c : UnitClass.values()) {
                    int[] counts = d.unitClassesPerLayer().get(c);
                    int n = counts == null || l >= counts.length ? 0 : counts[l];
                    total[c.ordinal()] += n;
                    h.append("<td>").append(n).append("</td>");
                }
                h.append("</tr>\n");
            }
            h.append("<tr class=\"total\"><td>all</td>");
            for (int t : total) h.append("<td>").append(t).append("</td>");
            h.append("</tr>\n</table></figure>\n");
        }
        h.append("</div>\n");
    }

    private static int[] padded(int[] counts, int layers) {
        return counts.length == layers ? counts : java.util.Arrays.copyOf(counts, layers);
    }

    private static final String CSS = """
            body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;margin:24px 32px;color:#222;background:#fff;max-width:1400px}
            h1{font-size:24px;margin:0 0 4px}
            h2{font-size:18px;margin:28px 0 8px;border-bottom:1px solid #ddd;padding-bottom:4px}
            .meta{color:#555;font-size:13px;margin:4px 0 10px}
            table{border-collapse:collapse;font-size:13px;margin:6px 0}
            th,td{border:1px solid #ddd;padding:4px 8px;text-align:right}
            th{background:#f3f3f3}
            td:first-child,th:first-child{text-align:left}
            table.small{font-size:12px;margin-top:10px}
            tr.total td{font-weight:bold}
            .row{display:flex;flex-wrap:wrap;gap:24px;align-items:flex-start}
            .grid{display:grid;grid-template-columns:repeat(3,440px);gap:10px}
            figure{margin:0}
            figcaption{font-size:14px;font-weight:bold;margin:0 0 4px}
            .notes{font-size:13px;color:#444}
            """;
}
