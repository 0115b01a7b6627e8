package dev.lancet.tokenizer.template;

import java.text.Collator;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * JSON text of a template value, laid out exactly as the reference engine's {@code tojson} does (Python
 * {@code json.dumps} style): separators {@code ", "} and {@code ": "}; with an indent, items on their own
 * lines and {@code ","} between them; empty lists and mappings stay {@code []}/{@code {}}; non-ASCII is kept
 * unless {@code ensure_ascii}; numbers as JavaScript prints them.
 */
final class JsonWriter {
    private final int indent;
    private final boolean ensureAscii;
    private final boolean sortKeys;
    private final String itemSeparator;
    private final String keySeparator;
    /** True for tojson (undefined is null); false when a list or mapping is rendered as text. */
    private final boolean undefinedAsNull;

    JsonWriter(int indent, boolean ensureAscii, boolean sortKeys, String itemSeparator, String keySeparator,
            boolean undefinedAsNull) {
        if (indent < 0) {
            throw new TemplateException("tojson indent must not be negative, got " + indent);
        }
        this.indent = indent;
        this.ensureAscii = ensureAscii;
        this.sortKeys = sortKeys;
        this.itemSeparator = itemSeparator != null ? itemSeparator : indent > 0 ? "," : ", ";
        this.keySeparator = keySeparator != null ? keySeparator : ": ";
        this.undefinedAsNull = undefinedAsNull;
    }

    /** A list, mapping or namespace rendered by {@code {{ }}} or concatenation. */
    static String display(Object v) {
        return new JsonWriter(0, false, false, null, null, false).write(v);
    }

    String write(Object v) {
        StringBuilder out = new StringBuilder();
        write(v, 0, out);
        return out.toString();
    }

    private void write(Object v, int depth, StringBuilder out) {
        switch (v) {
            case null -> out.append("null");
            case Undefined u -> out.append(undefinedAsNull ? "null" : "undefined");
            case Long l -> out.append(l);
            case Double d -> out.append(Double.isFinite(d) ? JsNumber.toString(d) : "null");
            case Boolean b -> out.append(b);
            case String s -> writeString(s, out);
            case List<?> list -> writeList(list, depth, out);
            case Map<?, ?> map -> writeMap(new ArrayList<>(map.entrySet()), depth, out);
            case Namespace ns -> writeMap(new ArrayList<>(ns.attributes.entrySet()), depth, out);
            default -> throw new TemplateException("cannot convert a " + Values.typeName(v) + " to JSON");
        }
    }

    private void writeList(List<?> list, int depth, StringBuilder out) {
        out.append('[');
        for (int i = 0; i < list.size(); i++) {
            if (i > 0) {
                out.append(itemSeparator);
            }
            newline(depth + 1, out);
            write(list.get(i), depth + 1, out);
        }
        if (!list.isEmpty()) {
            newline(depth, out);
        }
        out.append(']');
    }

    private void writeMap(List<? extends Map.Entry<?, ?>> entries, int depth, StringBuilder out) {
        if (sortKeys) {
            // The reference sorts with String.localeCompare; a root-locale collator orders the same way.
            Collator collator = Collator.getInstance(Locale.ROOT);
            entries.sort((a, b) -> collator.compare(String.valueOf(a.getKey()), String.valueOf(b.getKey())));
        }
        out.append('{');
        for (int i = 0; i < entries.size(); i++) {
            if (i > 0) {
                out.append(itemSeparator);
            }
            newline(depth + 1, out);
            writeString(String.valueOf(entries.get(i).getKey()), out);
            out.append(keySeparator);
            write(entries.get(i).getValue(), depth + 1, out);
        }
        if (!entries.isEmpty()) {
            newline(depth, out);
        }
        out.append('}');
    }

    private void newline(int depth, StringBuilder out) {
        if (indent > 0) {
            out.append('\n').append(" ".repeat(indent * depth));
        }
    }

    /** JSON.stringify's escaping: quote, backslash, control characters and unpaired surrogates. */
    private void writeString(String s, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    boolean lone = Character.isSurrogate(c) && !pairedSurrogate(s, i);
                    if (c < 0x20 || lone || (ensureAscii && c >= 0x7f)) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    private static boolean pairedSurrogate(String s, int i) {
        char c = s.charAt(i);
        if (Character.isHighSurrogate(c)) {
            return i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
        }
        return i > 0 && Character.isHighSurrogate(s.charAt(i - 1));
    }
}
