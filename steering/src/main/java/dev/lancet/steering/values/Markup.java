package dev.lancet.steering.values;

import java.util.Locale;

/** Text escaping and number formatting for the HTML/SVG report (output is well-formed XML). */
final class Markup {
    private Markup() {}

    /** Escapes &amp; &lt; &gt; " ' and replaces characters XML forbids with U+FFFD. */
    static String escape(String s) {
        if (s == null) return "";
        StringBuilder sb = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> sb.append("&amp;");
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&#39;");
                default -> {
                    boolean allowed = c == '\t' || c == '\n' || c == '\r' || (c >= 0x20 && c != 0xFFFE && c != 0xFFFF);
                    if (Character.isSurrogate(c)) {
                        boolean paired = Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
                        if (paired) {
                            sb.append(c).append(s.charAt(++i));
                        } else {
                            sb.append('\uFFFD');
                        }
                    } else {
                        sb.append(allowed ? c : '\uFFFD');
                    }
                }
            }
        }
        return sb.toString();
    }

    /** Fixed decimals, "n/a" for NaN or null. */
    static String num(Double x, int decimals) {
        if (x == null || x.isNaN()) return "n/a";
        if (x.isInfinite()) return x > 0 ? "inf" : "-inf";
        return String.format(Locale.ROOT, "%." + decimals + "f", x);
    }

    /** A coordinate for SVG attributes: one decimal, no locale. */
    static String c(double x) {
        return String.format(Locale.ROOT, "%.1f", x);
    }

    /** Compact number for axis ticks: up to 4 significant digits, no trailing zeros. */
    static String tick(double x) {
        if (x == 0) return "0";
        String s = String.format(Locale.ROOT, "%.4g", x);
        if (s.contains("e") || s.contains("E")) return s;
        if (s.contains(".")) {
            s = s.replaceAll("0+$", "");
            if (s.endsWith(".")) s = s.substring(0, s.length() - 1);
        }
        return s;
    }
}
