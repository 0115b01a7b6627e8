package dev.lancet.steering.values;

import java.util.List;

/** A small line chart as standalone SVG: one line with markers per series, axes with nice ticks, a legend. */
final class LineChartSvg {
    /** One line: points (x[k], y[k]); NaN y values leave a gap. */
    record Series(String name, String colour, double[] x, double[] y) {}

    private static final int WIDTH = 430;
    private static final int HEIGHT = 270;
    private static final int LEFT = 58;
    private static final int RIGHT = 14;
    private static final int TOP = 30;
    private static final int BOTTOM = 62;

    private LineChartSvg() {}

    /**
     * @param title     chart title
     * @param xLabel    x-axis label
     * @param series    the lines
     * @param reference a horizontal reference line (NaN for none)
     * @param refLabel  its label
     */
    static String render(String title, String xLabel, List<Series> series, double reference, String refLabel) {
        double xmin = Double.POSITIVE_INFINITY;
        double xmax = Double.NEGATIVE_INFINITY;
        double ymin = Double.POSITIVE_INFINITY;
        double ymax = Double.NEGATIVE_INFINITY;
        for (Series s : series) {
            for (int k = 0; k < s.x().length; k++) {
                if (Double.isNaN(s.y()[k]) || Double.isInfinite(s.y()[k])) continue;
                xmin = Math.min(xmin, s.x()[k]);
                xmax = Math.max(xmax, s.x()[k]);
                ymin = Math.min(ymin, s.y()[k]);
                ymax = Math.max(ymax, s.y()[k]);
            }
        }
        if (Double.isFinite(reference)) {
            ymin = Math.min(ymin, reference);
            ymax = Math.max(ymax, reference);
        }
        boolean empty = xmin > xmax;
        AxisTicks xa = AxisTicks.of(empty ? 0 : xmin, empty ? 1 : xmax);
        AxisTicks ya = AxisTicks.of(empty ? 0 : ymin, empty ? 1 : ymax);
        int pw = WIDTH - LEFT - RIGHT;
        int ph = HEIGHT - TOP - BOTTOM;
        StringBuilder s = new StringBuilder(8_000);
        s.append("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"linechart\" width=\"").append(WIDTH).append("\" height=\"")
                .append(HEIGHT).append("\" viewBox=\"0 0 ").append(WIDTH).append(' ').append(HEIGHT)
                .append("\" role=\"img\" aria-label=\"").append(Markup.escape(title)).append("\">\n");
        s.append("<style>text{font-family:sans-serif;fill:#222;font-size:11px}.t{font-size:13px;font-weight:bold}</style>\n");
        s.append("<text class=\"t\" x=\"").append(LEFT).append("\" y=\"18\">").append(Markup.escape(title)).append("</text>\n");
        s.append("<rect x=\"").append(LEFT).append("\" y=\"").append(TOP).append("\" width=\"").append(pw).append("\" height=\"")
                .append(ph).append("\" fill=\"#fafafa\" stroke=\"#cccccc\"/>\n");
        for (double t : ya.ticks()) {
            double y = TOP + ph - (t - ya.min()) / (ya.max() - ya.min()) * ph;
            s.append("<line x1=\"").append(LEFT).append("\" x2=\"").append(LEFT + pw).append("\" y1=\"").append(Markup.c(y))
                    .append("\" y2=\"").append(Markup.c(y)).append("\" stroke=\"#e5e5e5\"/>");
            s.append("<text x=\"").append(LEFT - 5).append("\" y=\"").append(Markup.c(y + 4)).append("\" text-anchor=\"end\">")
                    .append(Markup.escape(Markup.tick(t))).append("</text>\n");
        }
        for (double t : xa.ticks()) {
            double x = LEFT + (t - xa.min()) / (xa.max() - xa.min()) * pw;
            s.append("<line x1=\"").append(Markup.c(x)).append("\" x2=\"").append(Markup.c(x)).append("\" y1=\"").append(TOP + ph)
                    .append("\" y2=\"").append(TOP + ph + 4).append("\" stroke=\"#666666\"/>");
            s.append("<text x=\"").append(Markup.c(x)).append("\" y=\"").append(TOP + ph + 16).append("\" text-anchor=\"middle\">")
                    .append(Markup.escape(Markup.tick(t))).append("</text>\n");
        }
        s.append("<text x=\"").append(LEFT + pw / 2).append("\" y=\"").append(TOP + ph + 32).append("\" text-anchor=\"middle\">")
                .append(Markup.escape(xLabel)).append("</text>\n");
        if (Double.isFinite(reference)) {
            double y = TOP + ph - (reference - ya.min()) / (ya.max() - ya.min()) * ph;
            s.append("<line class=\"ref\" x1=\"").append(LEFT).append("\" x2=\"").append(LEFT + pw).append("\" y1=\"").append(Markup.c(y))
                    .append("\" y2=\"").append(Markup.c(y)).append("\" stroke=\"#555555\" stroke-dasharray=\"4 3\"/>");
            s.append("<text x=\"").append(LEFT + pw - 4).append("\" y=\"").append(Markup.c(y - 4)).append("\" text-anchor=\"end\" fill-opacity=\"0.8\">")
                    .append(Markup.escape(refLabel)).append("</text>\n");
        }
        if (empty) {
            s.append("<text x=\"").append(LEFT + pw / 2).append("\" y=\"").append(TOP + ph / 2).append("\" text-anchor=\"middle\">no data</text>\n");
        }
        for (Series se : series) {
            StringBuilder path = new StringBuilder();
            boolean pen = false;
            StringBuilder marks = new StringBuilder();
            for (int k = 0; k < se.x().length; k++) {
                double yv = se.y()[k];
                if (!Double.isFinite(yv)) {
                    pen = false;
                    continue;
                }
                double x = LEFT + (se.x()[k] - xa.min()) / (xa.max() - xa.min()) * pw;
                double y = TOP + ph - (yv - ya.min()) / (ya.max() - ya.min()) * ph;
                path.append(pen ? " L" : (path.isEmpty() ? "M" : " M")).append(Markup.c(x)).append(' ').append(Markup.c(y));
                pen = true;
                marks.append("<circle cx=\"").append(Markup.c(x)).append("\" cy=\"").append(Markup.c(y)).append("\" r=\"3.2\" fill=\"")
                        .append(se.colour()).append("\"><title>").append(Markup.escape(se.name() + ": x = " + Markup.tick(se.x()[k])
                                + ", y = " + Markup.num(yv, 4))).append("</title></circle>");
            }
            if (!path.isEmpty()) {
                s.append("<path d=\"").append(path).append("\" fill=\"none\" stroke=\"").append(se.colour())
                        .append("\" stroke-width=\"2\"/>");
            }
            s.append(marks).append('\n');
        }
        int lx = LEFT;
        int ly = HEIGHT - 10;
        for (Series se : series) {
            s.append("<rect x=\"").append(lx).append("\" y=\"").append(ly - 9).append("\" width=\"14\" height=\"4\" fill=\"")
                    .append(se.colour()).append("\"/>");
            s.append("<text x=\"").append(lx + 18).append("\" y=\"").append(ly - 3).append("\">").append(Markup.escape(se.name())).append("</text>\n");
            lx += 30 + 7 * se.name().length();
        }
        s.append("</svg>\n");
        return s.toString();
    }
}
