package dev.lancet.steering.values;

/**
 * A 10 x 10 leakage heatmap M[i][j] as standalone SVG: rows are the targets steered toward,
 * columns the values measured, colour on a diverging scale clamped to [-1, 1], every cell labelled
 * with its number and a tooltip, undefined rows grey, a colour legend underneath.
 */
final class HeatmapSvg {
    static final int CELL = 40;
    private static final int LEFT = 130;
    private static final int TOP = 112;
    private static final int LEGEND = 78;

    private HeatmapSvg() {}

    /**
     * @param m       the matrix (NaN rows undefined)
     * @param method  method name, shown in the tooltip and the aria label
     * @param id      unique id prefix within the page
     */
    static String render(double[][] m, String method, String id) {
        int grid = CELL * SchwartzValue.COUNT;
        int width = LEFT + grid + 75;
        int height = TOP + grid + LEGEND;
        StringBuilder s = new StringBuilder(24_000);
        s.append("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"heatmap\" data-method=\"")
                .append(Markup.escape(method)).append("\" width=\"").append(width).append("\" height=\"").append(height)
                .append("\" viewBox=\"0 0 ").append(width).append(' ').append(height)
                .append("\" role=\"img\" aria-label=\"Leakage matrix for method ").append(Markup.escape(method)).append("\">\n");
        s.append("<defs><linearGradient id=\"").append(id).append("-scale\" x1=\"0\" x2=\"1\" y1=\"0\" y2=\"0\">");
        for (int k = 0; k <= 8; k++) {
            double t = -1 + k * 0.25;
            s.append("<stop offset=\"").append(Markup.c(k * 12.5)).append("%\" stop-color=\"")
                    .append(Palette.diverging(t)).append("\"/>");
        }
        s.append("</linearGradient></defs>\n");
        s.append("<style>text{font-family:sans-serif;fill:#222}.cv{font-size:11px}.lab{font-size:12px}.ax{font-size:12px;font-weight:bold;fill:#555}</style>\n");
        // axis titles
        s.append("<text class=\"ax\" x=\"").append(LEFT + grid / 2).append("\" y=\"14\" text-anchor=\"middle\">value measured (j)</text>\n");
        s.append("<text class=\"ax\" x=\"14\" y=\"").append(TOP + grid / 2).append("\" text-anchor=\"middle\" transform=\"rotate(-90 14 ")
                .append(TOP + grid / 2).append(")\">steered toward (target i)</text>\n");
        // column labels, rotated
        s.append("<g class=\"labels\">\n");
        for (SchwartzValue v : SchwartzValue.values()) {
            double x = LEFT + v.ordinal() * CELL + CELL / 2.0;
            double y = TOP - 8;
            s.append("<text class=\"lab\" x=\"").append(Markup.c(x)).append("\" y=\"").append(Markup.c(y))
                    .append("\" transform=\"rotate(-45 ").append(Markup.c(x)).append(' ').append(Markup.c(y))
                    .append(")\">").append(Markup.escape(v.label())).append("</text>\n");
        }
        for (SchwartzValue v : SchwartzValue.values()) {
            double y = TOP + v.ordinal() * CELL + CELL / 2.0 + 4;
            boolean defined = !Double.isNaN(m[v.ordinal()][v.ordinal()]);
            s.append("<text class=\"lab\" x=\"").append(LEFT - 6).append("\" y=\"").append(Markup.c(y))
                    .append("\" text-anchor=\"end\"").append(defined ? "" : " fill-opacity=\"0.55\"").append('>')
                    .append(Markup.escape(v.label())).append("</text>\n");
        }
        s.append("</g>\n<g class=\"cells\">\n");
        for (SchwartzValue i : SchwartzValue.values()) {
            for (SchwartzValue j : SchwartzValue.values()) {
                double x = m[i.ordinal()][j.ordinal()];
                int px = LEFT + j.ordinal() * CELL;
                int py = TOP + i.ordinal() * CELL;
                String tip = "steer " + i.label() + ", measure " + j.label() + ": M = "
                        + (Double.isNaN(x) ? "undefined (target did not rise, or not run)" : Markup.num(x, 3));
                s.append("<rect class=\"cell\" x=\"").append(px).append("\" y=\"").append(py)
                        .append("\" width=\"").append(CELL).append("\" height=\"").append(CELL)
                        .append("\" fill=\"").append(Palette.diverging(x)).append("\" stroke=\"#ffffff\" stroke-width=\"1\"><title>")
                        .append(Markup.escape(tip)).append("</title></rect>\n");
                String label = Double.isNaN(x) ? "\u2013" : Markup.num(x, 2);
                s.append("<text class=\"cv\" x=\"").append(px + CELL / 2).append("\" y=\"").append(py + CELL / 2 + 4)
                        .append("\" text-anchor=\"middle\" fill=\"").append(Palette.textOn(x)).append("\">")
                        .append(Markup.escape(label)).append("</text>\n");
            }
        }
        // diagonal outline: M[i][i] is 1 by definition
        for (SchwartzValue i : SchwartzValue.values()) {
            int p = i.ordinal() * CELL;
            s.append("<rect class=\"diag\" x=\"").append(LEFT + p + 1).append("\" y=\"").append(TOP + p + 1)
                    .append("\" width=\"").append(CELL - 2).append("\" height=\"").append(CELL - 2)
                    .append("\" fill=\"none\" stroke=\"#222222\" stroke-width=\"1.5\"/>\n");
        }
        s.append("</g>\n");
        // legend
        int ly = TOP + grid + 22;
        int lw = 260;
        int lx = LEFT + (grid - lw) / 2 - 50;
        s.append("<g class=\"legend\">\n");
        s.append("<rect x=\"").append(lx).append("\" y=\"").append(ly).append("\" width=\"").append(lw)
                .append("\" height=\"12\" fill=\"url(#").append(id).append("-scale)\" stroke=\"#999999\"/>\n");
        String[] tickLabels = {"\u2264 \u22121", "\u22120.5", "0", "0.5", "\u2265 1"};
        for (int k = 0; k < 5; k++) {
            double x = lx + k * lw / 4.0;
            s.append("<line x1=\"").append(Markup.c(x)).append("\" x2=\"").append(Markup.c(x)).append("\" y1=\"").append(ly + 12)
                    .append("\" y2=\"").append(ly + 16).append("\" stroke=\"#666666\"/>");
            s.append("<text class=\"lab\" x=\"").append(Markup.c(x)).append("\" y=\"").append(ly + 29)
                    .append("\" text-anchor=\"middle\">").append(Markup.escape(tickLabels[k])).append("</text>\n");
        }
        s.append("<text class=\"lab\" x=\"").append(lx + lw / 2).append("\" y=\"").append(ly - 5)
                .append("\" text-anchor=\"middle\">M[i][j] = dS_j / dS_i</text>\n");
        int gx = lx + lw + 24;
        s.append("<rect x=\"").append(gx).append("\" y=\"").append(ly).append("\" width=\"12\" height=\"12\" fill=\"")
                .append(Palette.diverging(Double.NaN)).append("\" stroke=\"#999999\"/>");
        s.append("<text class=\"lab\" x=\"").append(gx + 17).append("\" y=\"").append(ly + 10).append("\">undefined</text>\n");
        s.append("</g>\n</svg>\n");
        return s.toString();
    }
}
