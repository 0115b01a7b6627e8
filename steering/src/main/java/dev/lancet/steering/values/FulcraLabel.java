package dev.lancet.steering.values;

/**
 * One FULCRA {@code value_types} entry such as {@code "security: -1"}, read defensively. The sign
 * part is read after removing spaces:
 * <ul>
 *   <li>{@code +1}, {@code -1}: as written;</li>
 *   <li>{@code 1}: +1 (unsigned), repaired;</li>
 *   <li>{@code 1+} / {@code 1-}: +1 / -1 (sign typed after the digit), repaired;</li>
 *   <li>{@code =1}: +1 ('=' is the unshifted '+' key), repaired;</li>
 *   <li>{@code −1} (U+2212 minus sign): -1, repaired;</li>
 *   <li>anything else, or a name that is not one of the ten values: skipped.</li>
 * </ul>
 *
 * @param value  the value, or null when skipped
 * @param sign   +1 or -1, or 0 when skipped
 * @param repair how a typo was read, or null when the label was clean or skipped
 * @param skip   why the label was skipped, or null
 */
record FulcraLabel(SchwartzValue value, int sign, String repair, String skip) {

    static FulcraLabel parse(String raw) {
        int colon = raw.lastIndexOf(':');
        if (colon < 0) return skipped("no ':' between value name and sign");
        String name = raw.substring(0, colon).trim();
        String signText = raw.substring(colon + 1).replace(" ", "").replace("\t", "");
        SchwartzValue value = SchwartzValue.tryParse(name).orElse(null);
        if (value == null) return skipped("not one of Schwartz's ten basic values");
        return switch (signText) {
            case "+1" -> new FulcraLabel(value, 1, null, null);
            case "-1" -> new FulcraLabel(value, -1, null, null);
            case "1" -> new FulcraLabel(value, 1, "unsigned '1' read as +1", null);
            case "1+" -> new FulcraLabel(value, 1, "'1+' read as +1 (sign after the digit)", null);
            case "1-" -> new FulcraLabel(value, -1, "'1-' read as -1 (sign after the digit)", null);
            case "=1" -> new FulcraLabel(value, 1, "'=1' read as +1 ('=' is the unshifted '+' key)", null);
            case "\u22121" -> new FulcraLabel(value, -1, "'\u22121' (Unicode minus) read as -1", null);
            default -> skipped("unreadable sign '" + signText + "'");
        };
    }

    private static FulcraLabel skipped(String reason) {
        return new FulcraLabel(null, 0, null, reason);
    }
}
