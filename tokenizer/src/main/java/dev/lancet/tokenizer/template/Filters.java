package dev.lancet.tokenizer.template;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code |} filters chat templates use, with the reference engine's results ({@code tojson} layout,
 * {@code int} of a string parsed like JavaScript's parseInt, {@code join} of none as empty...). A filter applied
 * to a value it does not accept is an error naming both; so is an unknown filter. Additions beyond the
 * reference: {@code round}, {@code map} with a filter name, {@code trim(chars)}, and list/first/last/reverse of
 * strings.
 */
final class Filters {
    private static final Pattern JS_INT = Pattern.compile("[+-]?\\d+");
    private static final Pattern JS_FLOAT =
            Pattern.compile("[+-]?(?:Infinity|(?:\\d+\\.?\\d*|\\.\\d+)(?:[eE][+-]?\\d+)?)");
    private static final int MAX_INDENT = 10_000;

    private Filters() {
    }

    static Object apply(String name, Object v, Arguments a) {
        return switch (name) {
            case "safe" -> v;
            case "tojson" -> tojson(v, a);
            case "default", "d" -> v instanceof Undefined || (a.bool(1, "boolean", false, "default boolean")
                    && !Values.truthy(v)) ? a.get(0, "default_value", "") : v;
            case "length", "count" -> length(name, v);
            case "list" -> switch (v) {
                case List<?> l -> new ArrayList<Object>(l);
                case String s -> Values.characters(s);
                case Map<?, ?> m -> new ArrayList<Object>(m.keySet());
                case null, default -> throw cannot(name, v);
            };
            case "first", "last" -> firstOrLast(name, v);
            case "reverse" -> switch (v) {
                case List<?> l -> {
                    List<Object> out = new ArrayList<>(l);
                    Collections.reverse(out);
                    yield out;
                }
                case String s -> new StringBuilder(s).reverse().toString();
                case null, default -> throw cannot(name, v);
            };
            case "sort" -> sort(list(name, v), a);
            case "join" -> join(name, v, a);
            case "string" -> switch (v) {
                case null -> throw cannot(name, v);
                case Undefined u -> throw cannot(name, v);
                default -> Values.display(v);
            };
            case "unique" -> unique(list(name, v));
            case "upper", "lower", "title", "capitalize" -> StringMethods.bind(string(name, v), name).call(a);
            case "trim" -> StringMethods.strip(string(name, v), a.get(0, "chars", null), true, true);
            case "indent" -> indent(string(name, v), a);
            case "replace" -> StringMethods.replace(string(name, v), a.string(0, "old", null, "replace old"),
                    a.string(1, "new", null, "replace new"), a.get(2, "count", null));
            case "int" -> toInt(v, a);
            case "float" -> toFloat(v, a);
            case "abs" -> switch (v) {
                case Long l -> {
                    if (l == Long.MIN_VALUE) {
                        throw new TemplateException("integer overflow in abs");
                    }
                    yield Math.abs(l);
                }
                case Double d -> Math.abs(d);
                case null, default -> throw cannot(name, v);
            };
            case "round" -> round(v, a);
            case "bool" -> Values.truthy(v);
            case "items" -> Members.items(mapping(name, v));
            case "dictsort" -> Members.dictsort(mapping(name, v), a);
            case "selectattr", "rejectattr" -> selectAttr(name, list(name, v), a);
            case "map" -> map(list(name, v), a);
            default -> {
                if (v instanceof Map<?, ?>) {
                    TemplateFunction method = Members.mappingMethod(mapping(name, v), name);
                    if (method != null) {
                        yield method.call(a);
                    }
                }
                throw new TemplateException("unknown filter '" + name + "'");
            }
        };
    }

    private static TemplateException cannot(String filter, Object v) {
        return new TemplateException("filter '" + filter + "' cannot be applied to " + Values.typeName(v)
                + (v instanceof Undefined ? " (is the variable defined?)" : ""));
    }

    private static String string(String filter, Object v) {
        if (v instanceof String s) {
            return s;
        }
        throw cannot(filter, v);
    }

    private static List<?> list(String filter, Object v) {
        if (v instanceof List<?> l) {
            return l;
        }
        throw cannot(filter, v);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> mapping(String filter, Object v) {
        if (v instanceof Map<?, ?> m) {
            return (Map<String, Object>) m;
        }
        throw cannot(filter, v);
    }

    private static Object tojson(Object v, Arguments a) {
        if (!a.positional().isEmpty()) {
            throw new TemplateException("tojson takes keyword arguments only: indent=, ensure_ascii=, "
                    + "sort_keys=, separators=");
        }
        Object indent = a.get(-1, "indent", null);
        if (indent != null && !(indent instanceof Long)) {
            throw new TemplateException("tojson indent must be an integer, got " + Values.typeName(indent));
        }
        Object separators = a.get(-1, "separators", null);
        String itemSeparator = null;
        String keySeparator = null;
        if (separators != null) {
            if (!(separators instanceof List<?> pair) || pair.size() != 2 || !(pair.get(0) instanceof String item)
                    || !(pair.get(1) instanceof String key)) {
                throw new TemplateException("tojson separators must be a pair of strings, e.g. (',', ': ')");
            }
            itemSeparator = item;
            keySeparator = key;
        }
        int width = indent == null ? 0 : (int) Math.min(MAX_INDENT, (Long) indent);
        return new JsonWriter(width, a.bool(-1, "ensure_ascii", false, "tojson ensure_ascii"),
                a.bool(-1, "sort_keys", false, "tojson sort_keys"), itemSeparator, keySeparator, true).write(v);
    }

    private static long length(String filter, Object v) {
        return switch (v) {
            case String s -> Values.codePointLength(s);
            case List<?> l -> l.size();
            case Map<?, ?> m -> m.size();
            case null, default -> throw cannot(filter, v);
        };
    }

    private static Object firstOrLast(String filter, Object v) {
        List<?> items = switch (v) {
            case List<?> l -> l;
            case String s -> Values.characters(s);
            case null, default -> throw cannot(filter, v);
        };
        if (items.isEmpty()) {
            return Undefined.INSTANCE;
        }
        return filter.equals("first") ? items.getFirst() : items.getLast();
    }

    /** {@code sort(reverse=false, case_sensitive=false, attribute=none)}, stable. */
    private static Object sort(List<?> items, Arguments a) {
        boolean reverse = a.bool(0, "reverse", false, "sort reverse");
        boolean caseSensitive = a.bool(1, "case_sensitive", false, "sort case_sensitive");
        Object attribute = a.get(2, "attribute", null);
        if (attribute != null && !(attribute instanceof String) && !(attribute instanceof Long)) {
            throw new TemplateException("sort attribute must be a string or an integer");
        }
        String path = attribute == null ? null : Values.display(attribute);
        List<Object> out = new ArrayList<>(items);
        out.sort((x, y) -> {
            Object kx = path == null ? x : attributePath(x, path);
            Object ky = path == null ? y : attributePath(y, path);
            int c = Values.compare(kx, ky, caseSensitive);
            return reverse ? -c : c;
        });
        return out;
    }

    /** {@code item.a.b} for a dotted path through mappings, namespaces and list indices; undefined when missing. */
    static Object attributePath(Object item, String path) {
        Object value = item;
        for (String part : path.split("\\.", -1)) {
            switch (value) {
                case Map<?, ?> m -> value = m.containsKey(part) ? m.get(part) : Undefined.INSTANCE;
                case Namespace ns -> value = ns.attributes.containsKey(part) ? ns.attributes.get(part) : Undefined.INSTANCE;
                case List<?> l -> {
                    int index;
                    try {
                        index = Integer.parseInt(part);
                    } catch (NumberFormatException e) {
                        return Undefined.INSTANCE;
                    }
                    if (index < 0 || index >= l.size()) {
                        return Undefined.INSTANCE;
                    }
                    value = l.get(index);
                }
                case null, default -> {
                    return Undefined.INSTANCE;
                }
            }
        }
        return value;
    }

    private static String join(String filter, Object v, Arguments a) {
        Object sep = a.has(0, "d") ? a.get(0, "d", "") : a.get(-1, "separator", "");
        if (!(sep instanceof String separator)) {
            throw new TemplateException("join separator must be a string, got " + Values.typeName(sep));
        }
        List<?> items = switch (v) {
            case List<?> l -> l;
            case String s -> Values.characters(s);
            case null, default -> throw cannot(filter, v);
        };
        Object attribute = a.get(1, "attribute", null);
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < items.size(); i++) {
            if (i > 0) {
                out.append(separator);
            }
            Object item = attribute == null ? items.get(i) : attributePath(items.get(i), Values.display(attribute));
            out.append(Values.joinString(item));
        }
        return out.toString();
    }

    /** First occurrence of each value; scalars compare by kind and value, lists and mappings by identity. */
    private static Object unique(List<?> items) {
        List<Object> out = new ArrayList<>();
        for (Object item : items) {
            boolean seen = false;
            for (Object kept : out) {
                if (sameUniqueKey(kept, item)) {
                    seen = true;
                    break;
                }
            }
            if (!seen) {
                out.add(item);
            }
        }
        return out;
    }

    private static boolean sameUniqueKey(Object a, Object b) {
        if (a instanceof List || a instanceof Map || b instanceof List || b instanceof Map) {
            return a == b;
        }
        return Values.sameItem(a, b);
    }

    /** {@code indent(width=4, first=false, blank=false)}: indents every line but the first and blank ones. */
    private static String indent(String s, Arguments a) {
        Object width = a.get(0, "width", 4L);
        String pad = switch (width) {
            case Long w when w >= 0 && w <= MAX_INDENT -> " ".repeat(w.intValue());
            case String w -> w;
            case null, default -> throw new TemplateException("indent width must be a small non-negative integer or a string");
        };
        boolean first = Values.truthy(a.get(1, "first", false));
        boolean blank = Values.truthy(a.get(2, "blank", false));
        String[] lines = s.split("\n", -1);
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < lines.length; i++) {
            if (i > 0) {
                out.append('\n');
            }
            boolean skip = (i == 0 && !first) || (lines[i].isEmpty() && !blank);
            out.append(skip ? "" : pad).append(lines[i]);
        }
        return out.toString();
    }

    /** {@code int(default=0)}: a string's leading integer (JavaScript parseInt), a float floored. */
    private static Object toInt(Object v, Arguments a) {
        Object fallback = a.get(0, "default", 0L);
        return switch (v) {
            case Long l -> l;
            case Double d -> {
                double f = Math.floor(d);
                yield Double.isFinite(f) && Math.abs(f) < 9.2e18 ? (Object) (long) f : fallback;
            }
            case Boolean b -> b ? 1L : 0L;
            case String s -> {
                Matcher m = JS_INT.matcher(JsWhitespace.trimStart(s));
                if (!m.lookingAt()) {
                    yield fallback;
                }
                try {
                    yield Long.parseLong(m.group());
                } catch (NumberFormatException e) {
                    yield Double.parseDouble(m.group());
                }
            }
            case null, default -> throw cannot("int", v);
        };
    }

    /** {@code float(default=0.0)}: a string's leading number (JavaScript parseFloat). */
    private static Object toFloat(Object v, Arguments a) {
        Object fallback = a.get(0, "default", 0.0);
        return switch (v) {
            case Long l -> (double) l;
            case Double d -> d;
            case Boolean b -> b ? 1.0 : 0.0;
            case String s -> {
                Matcher m = JS_FLOAT.matcher(JsWhitespace.trimStart(s));
                if (!m.lookingAt()) {
                    yield fallback;
                }
                String num = m.group();
                yield num.endsWith("Infinity") ? (num.startsWith("-") ? Double.NEGATIVE_INFINITY
                        : Double.POSITIVE_INFINITY) : Double.parseDouble(num);
            }
            case null, default -> throw cannot("float", v);
        };
    }

    /**
     * {@code round(precision=0, method='common')} as Python Jinja: 'common' is Python's round (half to even on
     * the exact binary value), 'ceil' and 'floor' round up or down; the result is a float.
     */
    private static Object round(Object v, Arguments a) {
        if (!Values.isNumber(v)) {
            throw cannot("round", v);
        }
        long precision = a.integer(0, "precision", 0L, "round precision");
        String method = a.string(1, "method", "common", "round method");
        double d = Values.toDouble(v);
        if (!Double.isFinite(d)) {
            return d;
        }
        RoundingMode mode = switch (method) {
            case "common" -> RoundingMode.HALF_EVEN;
            case "ceil" -> RoundingMode.CEILING;
            case "floor" -> RoundingMode.FLOOR;
            default -> throw new TemplateException("round method must be 'common', 'ceil' or 'floor', got '" + method + "'");
        };
        if (precision < -400 || precision > 400) {
            throw new TemplateException("round precision out of range: " + precision);
        }
        return new BigDecimal(d).setScale((int) precision, mode).doubleValue();
    }

    /** {@code selectattr('attr', 'test', args...)} / {@code rejectattr}: items whose attribute passes the test. */
    private static Object selectAttr(String filter, List<?> items, Arguments a) {
        String attribute = a.string(0, null, null, filter + " attribute");
        Object testName = a.get(1, null, null);
        if (testName != null && !(testName instanceof String)) {
            throw new TemplateException(filter + " test name must be a string");
        }
        Arguments testArgs = new Arguments(a.positional().size() > 2
                ? a.positional().subList(2, a.positional().size()) : List.of(), Map.of(), a.scope());
        boolean select = filter.equals("selectattr");
        List<Object> out = new ArrayList<>();
        for (Object item : items) {
            if (!(item instanceof Map) && !(item instanceof Namespace)) {
                throw new TemplateException(filter + " needs a list of mappings, found " + Values.typeName(item));
            }
            Object value = attributePath(item, attribute);
            boolean pass = testName == null ? Values.truthy(value) : TestFunctions.apply((String) testName, value, testArgs);
            if (pass == select) {
                out.add(item);
            }
        }
        return out;
    }

    /** {@code map(attribute='x', default=...)} or {@code map('filter', args...)}. */
    private static Object map(List<?> items, Arguments a) {
        List<Object> out = new ArrayList<>(items.size());
        if (a.keyword().containsKey("attribute")) {
            String attribute = Values.display(a.keyword().get("attribute"));
            boolean hasDefault = a.keyword().containsKey("default");
            for (Object item : items) {
                Object value = attributePath(item, attribute);
                out.add(value instanceof Undefined && hasDefault ? a.keyword().get("default") : value);
            }
            return out;
        }
        String filter = a.string(0, null, null, "map filter name (or attribute=...)");
        Arguments rest = new Arguments(a.positional().subList(1, a.positional().size()), a.keyword(), a.scope());
        for (Object item : items) {
            out.add(apply(filter, item, rest));
        }
        return out;
    }
}
