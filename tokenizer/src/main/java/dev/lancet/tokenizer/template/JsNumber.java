package dev.lancet.tokenizer.template;

import java.math.BigDecimal;

/**
 * Numbers printed the way the reference engine (JavaScript) prints them, so rendered text matches byte for
 * byte: shortest round-trip digits, plain notation for 1e-7 &lt; |x| &lt; 1e21, otherwise {@code 1.5e-7} /
 * {@code 1e+21}; a float value that is a whole number renders with one decimal ({@code 2.0}).
 */
final class JsNumber {
    private JsNumber() {
    }

    /** JavaScript's {@code Number.prototype.toString()}: value = 0.d1..dk * 10^n, laid out by n. */
    static String toString(double d) {
        if (Double.isNaN(d)) {
            return "NaN";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "Infinity" : "-Infinity";
        }
        if (d == 0) {
            return "0";
        }
        String sign = d < 0 ? "-" : "";
        // Double.toString gives the shortest digits that round-trip (JDK 19+), as JavaScript does.
        BigDecimal exact = new BigDecimal(Double.toString(Math.abs(d))).stripTrailingZeros();
        String digits = exact.unscaledValue().toString();
        int k = digits.length();
        int n = k - exact.scale();
        if (k <= n && n <= 21) {
            return sign + digits + "0".repeat(n - k);
        }
        if (0 < n && n <= 21) {
            return sign + digits.substring(0, n) + "." + digits.substring(n);
        }
        if (-6 < n && n <= 0) {
            return sign + "0." + "0".repeat(-n) + digits;
        }
        int e = n - 1;
        return sign + digits.charAt(0) + (k > 1 ? "." + digits.substring(1) : "") + "e" + (e >= 0 ? "+" : "-")
                + Math.abs(e);
    }

    /** How a float value renders: whole numbers keep one decimal ({@code 2.0}, {@code -0.0}). */
    static String floatToString(double d) {
        if (d == 0 && Double.doubleToRawLongBits(d) != 0) {
            return "-0.0";
        }
        if (Double.isFinite(d) && d == Math.rint(d) && Math.abs(d) < 1e21) {
            return new BigDecimal(d).toPlainString() + ".0";
        }
        return toString(d);
    }
}
