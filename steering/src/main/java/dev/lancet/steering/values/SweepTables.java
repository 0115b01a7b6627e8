package dev.lancet.steering.values;

import java.util.Locale;

/**
 * The sweep as CSV (RFC 4180, header row, empty cell = undefined or not measured):
 * <ul>
 *   <li>points: {@code target,method,strength,gain,nlr,nglr,perplexity,kl,greedy_agreement,dS_<value>...}</li>
 *   <li>leakage matrix: {@code method,strength,target,value,m} for each heatmap cell</li>
 * </ul>
 */
public final class SweepTables {
    private SweepTables() {}

    public static String pointsCsv(SweepResult sweep) {
        StringBuilder sb = new StringBuilder();
        sb.append("target,method,strength,gain,nlr,nglr,perplexity,kl,greedy_agreement");
        for (SchwartzValue v : SchwartzValue.values()) sb.append(",dS_").append(v.label());
        sb.append("\r\n");
        for (SweepPoint p : sweep.points()) {
            sb.append(p.target().label()).append(',').append(CsvRecords.quote(p.method())).append(',').append(n(p.strength()))
                    .append(',').append(n(p.gain())).append(',').append(n(p.nlr())).append(',').append(n(p.nglr()))
                    .append(',').append(n(p.perplexity())).append(',').append(n(p.kl())).append(',').append(n(p.greedyAgreement()));
            for (double d : p.delta()) sb.append(',').append(n(d));
            sb.append("\r\n");
        }
        return sb.toString();
    }

    public static String matrixCsv(ReportData data) {
        StringBuilder sb = new StringBuilder("method,strength,target,value,m\r\n");
        for (ReportData.MethodSummary ms : data.methods()) {
            for (SchwartzValue i : SchwartzValue.values()) {
                for (SchwartzValue j : SchwartzValue.values()) {
                    sb.append(CsvRecords.quote(ms.method())).append(',').append(n(ms.heatmapStrength())).append(',')
                            .append(i.label()).append(',').append(j.label()).append(',')
                            .append(n(ms.matrix().get(i.ordinal()).get(j.ordinal()))).append("\r\n");
                }
            }
        }
        return sb.toString();
    }

    /** Shortest round-trip decimal, empty for null/NaN. */
    private static String n(Double x) {
        if (x == null || x.isNaN()) return "";
        return Double.toString(x).toLowerCase(Locale.ROOT);
    }
}
