package dev.lancet.steering.values;

import java.util.List;

/** A stacked bar chart per layer as standalone SVG, with a legend above the bars. */
final class StackedBarSvg {
    /** One stack layer: a count per bar. */
    record Stack(String name, String colour, int[] counts) {}

    private static final int LEFT = 52;
    private static final int TOP = 30;
    private static final int PLOT_HEIGHT = 200;
    private static final int BOTTOM = 40;
    private static final int LEGEND_COLUMN = 118;

    private StackedBarSvg() {}

    static String render(String title, String xLabel, List<String> bars, List<Stack> stacks) {
        int n = Math.max(1, bars.size());
        int legendColumns = Math.max(1, Math.min(5, stacks.size()));
        int legendRows = (int) Math.ceil(stacks.size() / (double) legendColumns);
        int legendH = legendRows * 18 + 8;
        // bars fill the width the legend needs, up to 56 px each; many layers widen the plot instead
        int plotW = Math.max(300, legendColumns * LEGEND_COLUMN - 20);
        int barW = Math.max(6, Math.min(56, (int) ((plotW - 4.0) / n * 0.8)));
        int gap = Math.max(2, barW / 4);
        plotW = Math.max(plotW, n * (barW + gap) + gap);
        gap = Math.max(gap, (plotW - n * barW) / (n + 1));
        int width = Math.max(LEFT + plotW + 20, LEFT + legendColumns * LEGEND_COLUMN);
        int height = TOP + legendH + PLOT_HEIGHT + BOTTOM;
        int plotTop = TOP + legendH;
        int max = 0;
        for (int b = 0; b < bars.size(); b++) {
            int sum = 0;
            for (Stack st : stacks) sum += st.counts()[b];
            max = Math.max(max, sum);
        }
        AxisTicks ya = AxisTicks.of(0, Math.max(1, max));
        StringBuilder s = new StringBuilder(8_000);
        s.append("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"barchart\" width=\"").append(width).append("\" height=\"")
                .append(height).append("\" viewBox=\"0 0 ").append(width).append(' ').append(height)
                .append("\" role=\"img\" aria-label=\"").append(Markup.escape(title)).append("\">\n");
        s.append("<style>text{font-family:sans-serif;fill:#222;font-size:11px}.t{font-size:13px;font-weight:bold}</style>\n");
        s.append("<text class=\"t\" x=\"").append(LEFT).append("\" y=\"18\">").append(Markup.escape(title)).append("</text>\n");
        for (int k = 0; k < stacks.size(); k++) {
            int lx = LEFT + (k % legendColumns) * LEGEND_COLUMN;
            int ly = TOP + (k / legendColumns) * 18 + 4;
            Stack st = stacks.get(k);
            s.append("<rect x=\"").append(lx).append("\" y=\"").append(ly).append("\" width=\"11\" height=\"11\" fill=\"").append(st.colour())
                    .append("\"/><text x=\"").append(lx + 15).append("\" y=\"").append(ly + 10).append("\">")
                    .append(Markup.escape(st.name())).append("</text>\n");
        }
        for (double t : ya.ticks()) {
            if (t < 0) continue;
            double y = plotTop + PLOT_HEIGHT - t / ya.max() * PLOT_HEIGHT;
            s.append("<line x1=\"").append(LEFT).append("\" x2=\"").append(LEFT + plotW).append("\" y1=\"").append(Markup.c(y))
                    .append("\" y2=\"").append(Markup.c(y)).append("\" stroke=\"#e5e5e5\"/>");
            s.append("<text x=\"").append(LEFT - 5).append("\" y=\"").append(Markup.c(y + 4)).append("\" text-anchor=\"end\">")
                    .append(Markup.escape(Markup.tick(t))).append("</text>\n");
        }
        for (int b = 0; b < bars.size(); b++) {
            int x = LEFT + gap + b * (barW + gap);
            double base = plotTop + PLOT_HEIGHT;
            for (Stack st : stacks) {
                int c = st.counts()[b];
                if (c == 0) continue;
                double h = c / ya.max() * PLOT_HEIGHT;
                base -= h;
                s.append("<rect class=\"bar\" x=\"").append(x).append("\" y=\"").append(Markup.c(base)).append("\" width=\"").append(barW)
                        .append("\" height=\"").append(Markup.c(h)).append("\" fill=\"").append(st.colour()).append("\"><title>")
                        .append(Markup.escape(bars.get(b) + ", " + st.name() + ": " + c)).append("</title></rect>");
            }
            if (barW >= 14 || b % 2 == 0) {
                s.append("<text x=\"").append(x + barW / 2).append("\" y=\"").append(plotTop + PLOT_HEIGHT + 14)
                        .append("\" text-anchor=\"middle\">").append(Markup.escape(bars.get(b))).append("</text>\n");
            }
        }
        s.append("<line x1=\"").append(LEFT).append("\" x2=\"").append(LEFT + plotW).append("\" y1=\"").append(plotTop + PLOT_HEIGHT)
                .append("\" y2=\"").append(plotTop + PLOT_HEIGHT).append("\" stroke=\"#666666\"/>\n");
        s.append("<text x=\"").append(LEFT + plotW / 2).append("\" y=\"").append(height - 8).append("\" text-anchor=\"middle\">")
                .append(Markup.escape(xLabel)).append("</text>\n");
        s.append("</svg>\n");
        return s.toString();
    }
}
