package dev.lancet.tokenizer.template;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What template values are and how they behave. Representation: {@code String}; {@code Long} (integer);
 * {@code Double} (float); {@code Boolean}; {@code null} (none); {@link Undefined}; {@code List<Object>} (list
 * and tuple); {@code Map<String, Object>} (mapping, insertion-ordered); {@link Namespace};
 * {@link TemplateFunction}.
 */
final class Values {
    /** Whole-number floats below this magnitude become integers on input, as JSON numbers do in the reference. */
    private static final double LONG_RANGE = 9.2e18;

    private Values() {
    }

    /** Python truthiness (empty string, 0, empty list or mapping, none and undefined are false). */
    static boolean truthy(Object v) {
        return switch (v) {
            case null -> false;
            case Undefined u -> false;
            case Boolean b -> b;
            case String s -> !s.isEmpty();
            case Long l -> l != 0;
            case Double d -> d != 0 && !d.isNaN();
            case List<?> l -> !l.isEmpty();
            case Map<?, ?> m -> !m.isEmpty();
            default -> true;
        };
    }

    static String typeName(Object v) {
        return switch (v) {
            case null -> "none";
            case Undefined u -> "undefined";
            case Boolean b -> "boolean";
            case String s -> "string";
            case Long l -> "integer";
            case Double d -> "float";
            case List<?> l -> "list";
            case Map<?, ?> m -> "mapping";
            case Namespace n -> "namespace";
            case TemplateFunction f -> "function";
            default -> v.getClass().getSimpleName();
        };
    }

    static boolean isNumber(Object v) {
        return v instanceof Long || v instanceof Double;
    }

    /** Integers, floats and booleans (as 0/1): the values ordering and {@code **} treat as numbers. */
    static boolean isNumeric(Object v) {
        return v instanceof Long || v instanceof Double || v instanceof Boolean;
    }

    static double toDouble(Object v) {
        return switch (v) {
            case Long l -> l;
            case Double d -> d;
            case Boolean b -> b ? 1 : 0;
            case null, default -> throw new TemplateException("expected a number, got " + typeName(v));
        };
    }

    /** How {@code {{ value }}} renders (none and undefined render nothing; the caller skips them). */
    static String display(Object v) {
        return switch (v) {
            case null -> "";
            case Undefined u -> "";
            case String s -> s;
            case Long l -> Long.toString(l);
            case Double d -> JsNumber.floatToString(d);
            case Boolean b -> b ? "true" : "false";
            case List<?> l -> JsonWriter.display(l);
            case Map<?, ?> m -> JsonWriter.display(m);
            case Namespace n -> JsonWriter.display(n);
            default -> "<function>";
        };
    }

    /**
     * A value as an operand of {@code ~} or string {@code +}: the reference engine uses JavaScript's
     * {@code toString} of the raw value there, so a float prints without ".0", a list as its items joined by
     * commas and a mapping as "[object Map]".
     */
    static String concatString(Object v) {
        return switch (v) {
            case null -> "null";
            case Undefined u -> "undefined";
            case Double d -> JsNumber.toString(d);
            case List<?> l -> {
                StringBuilder sb = new StringBuilder();
                for (int i = 0; i < l.size(); i++) {
                    if (i > 0) {
                        sb.append(',');
                    }
                    Object item = l.get(i);
                    sb.append(item == null ? "null" : item instanceof Undefined ? "undefined" : display(item));
                }
                yield sb.toString();
            }
            case Map<?, ?> m -> "[object Map]";
            case Namespace n -> "[object Map]";
            default -> display(v);
        };
    }

    /** A list item as the {@code join} filter writes it (JavaScript's Array.join: none/undefined are empty). */
    static String joinString(Object v) {
        return v == null || v instanceof Undefined ? "" : concatString(v);
    }

    /**
     * {@code ==}: none equals undefined (as in the reference); numbers and booleans compare by value;
     * strings by content; lists and mappings item by item; anything else by identity. Unlike the reference
     * (JavaScript's loose {@code ==}) a string never equals a number, as in Python.
     */
    static boolean equal(Object a, Object b) {
        boolean aNullish = a == null || a instanceof Undefined;
        boolean bNullish = b == null || b instanceof Undefined;
        if (aNullish || bNullish) {
            return aNullish && bNullish;
        }
        if (isNumeric(a) && isNumeric(b)) {
            if (a instanceof Long x && b instanceof Long y) {
                return x.longValue() == y.longValue();
            }
            return toDouble(a) == toDouble(b);
        }
        if (a instanceof String s) {
            return s.equals(b);
        }
        if (a instanceof List<?> x && b instanceof List<?> y) {
            if (x.size() != y.size()) {
                return false;
            }
            for (int i = 0; i < x.size(); i++) {
                if (!equal(x.get(i), y.get(i))) {
                    return false;
                }
            }
            return true;
        }
        if (a instanceof Map<?, ?> x && b instanceof Map<?, ?> y) {
            if (x.size() != y.size()) {
                return false;
            }
            for (Map.Entry<?, ?> e : x.entrySet()) {
                if (!y.containsKey(e.getKey()) || !equal(e.getValue(), y.get(e.getKey()))) {
                    return false;
                }
            }
            return true;
        }
        return a == b;
    }

    /**
     * List membership as the reference tests it (JavaScript's {@code ===} on scalars): like {@link #equal} but a
     * boolean never matches a number, and none never matches undefined.
     */
    static boolean sameItem(Object a, Object b) {
        if ((a instanceof Boolean) != (b instanceof Boolean) || (a == null) != (b == null)
                || (a instanceof Undefined) != (b instanceof Undefined)) {
            return false;
        }
        return equal(a, b);
    }

    /**
     * Ordering for {@code sort} and {@code dictsort}, as in the reference: numbers (and booleans) with each
     * other, strings with strings (lower-cased unless case-sensitive), none with none; anything else is an
     * error.
     */
    static int compare(Object a, Object b, boolean caseSensitive) {
        if (a == null || b == null || a instanceof Undefined || b instanceof Undefined) {
            if ((a == null && b == null) || (a instanceof Undefined && b instanceof Undefined)) {
                return 0;
            }
            throw new TemplateException("cannot compare " + typeName(a) + " with " + typeName(b));
        }
        if (isNumeric(a) && isNumeric(b)) {
            return Double.compare(toDouble(a) + 0.0, toDouble(b) + 0.0);
        }
        if (a instanceof String x && b instanceof String y) {
            return caseSensitive ? x.compareTo(y) : x.toLowerCase(java.util.Locale.ROOT)
                    .compareTo(y.toLowerCase(java.util.Locale.ROOT));
        }
        throw new TemplateException("cannot compare " + typeName(a) + " with " + typeName(b));
    }

    /** Number of Unicode code points (Python's len of a str). */
    static int codePointLength(String s) {
        return s.codePointCount(0, s.length());
    }

    /** The string's characters (code points) as one-character strings. */
    static List<Object> characters(String s) {
        List<Object> out = new ArrayList<>(s.length());
        s.codePoints().forEach(cp -> out.add(Character.toString(cp)));
        return out;
    }

    /**
     * A caller's value as a template value: strings, numbers, booleans, null, lists (or any Iterable or array of
     * objects), maps with string keys, and Jackson JSON nodes. Whole-number floats become integers, as the
     * reference engine sees JSON numbers. Lists and maps are copied, so rendering never changes the caller's data.
     */
    static Object fromJava(Object v, String path) {
        return switch (v) {
            case null -> null;
            case String s -> s;
            case Boolean b -> b;
            case Character c -> c.toString();
            case Long l -> l;
            case Integer i -> i.longValue();
            case Short s -> s.longValue();
            case Byte b -> b.longValue();
            case BigInteger big -> big.bitLength() < 64 ? (Object) big.longValue() : fromDouble(big.doubleValue());
            case Double d -> fromDouble(d);
            case Float f -> fromDouble(f.doubleValue());
            case BigDecimal bd -> fromDouble(bd.doubleValue());
            case JsonNode node -> fromJson(node, path);
            case Map<?, ?> m -> {
                Map<String, Object> out = new LinkedHashMap<>();
                for (Map.Entry<?, ?> e : m.entrySet()) {
                    String key = String.valueOf(e.getKey());
                    out.put(key, fromJava(e.getValue(), path + "." + key));
                }
                yield out;
            }
            case Iterable<?> it -> {
                List<Object> out = new ArrayList<>();
                int i = 0;
                for (Object item : it) {
                    out.add(fromJava(item, path + "[" + i++ + "]"));
                }
                yield out;
            }
            case Object[] array -> fromJava(Arrays.asList(array), path);
            case Undefined u -> u;
            case Namespace n -> n;
            case TemplateFunction f -> f;
            default -> throw new TemplateException("template variable " + path + " has unsupported type "
                    + v.getClass().getName() + " (use String, Number, Boolean, null, List or Map)");
        };
    }

    private static Object fromDouble(double d) {
        if (Double.isFinite(d) && d == Math.rint(d) && Math.abs(d) < LONG_RANGE) {
            return (long) d;
        }
        return d;
    }

    private static Object fromJson(JsonNode node, String path) {
        if (node.isNull() || node.isMissingNode()) {
            return null;
        }
        if (node.isTextual()) {
            return node.textValue();
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        if (node.isIntegralNumber()) {
            return node.canConvertToLong() ? (Object) node.longValue() : fromDouble(node.doubleValue());
        }
        if (node.isNumber()) {
            return fromDouble(node.doubleValue());
        }
        if (node.isArray()) {
            List<Object> out = new ArrayList<>(node.size());
            for (int i = 0; i < node.size(); i++) {
                out.add(fromJson(node.get(i), path + "[" + i + "]"));
            }
            return out;
        }
        if (node.isObject()) {
            Map<String, Object> out = new LinkedHashMap<>();
            for (Map.Entry<String, JsonNode> e : node.properties()) {
                out.put(e.getKey(), fromJson(e.getValue(), path + "." + e.getKey()));
            }
            return out;
        }
        throw new TemplateException("template variable " + path + " has unsupported JSON node type " + node.getNodeType());
    }
}
