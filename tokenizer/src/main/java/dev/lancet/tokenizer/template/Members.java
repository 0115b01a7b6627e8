package dev.lancet.tokenizer.template;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code x.name}, {@code x[key]} and slicing, as the reference engine resolves them: a mapping's key first, then
 * its methods ({@code get}, {@code items}, {@code keys}, {@code values}, {@code dictsort}); list and string
 * indices may be negative; a missing key, attribute or index is {@link Undefined}, and so is any attribute of
 * undefined or none. Lists have no mutating methods: transformers renders in an immutable sandbox, so a
 * template that calls {@code append} fails there too.
 */
final class Members {
    private Members() {
    }

    static Object get(Object object, Object key) {
        switch (object) {
            case Map<?, ?> map -> {
                String name = stringKey(object, key);
                if (map.containsKey(name)) {
                    return map.get(name);
                }
                @SuppressWarnings("unchecked")
                Map<String, Object> m = (Map<String, Object>) map;
                TemplateFunction method = mappingMethod(m, name);
                return method != null ? method : Undefined.INSTANCE;
            }
            case Namespace ns -> {
                String name = stringKey(object, key);
                return ns.attributes.containsKey(name) ? ns.attributes.get(name) : Undefined.INSTANCE;
            }
            case List<?> list -> {
                if (key instanceof Long index) {
                    long i = index < 0 ? list.size() + index : index;
                    return i >= 0 && i < list.size() ? list.get((int) i) : Undefined.INSTANCE;
                }
                if (key instanceof String name) {
                    return name.equals("length") ? (Object) (long) list.size() : Undefined.INSTANCE;
                }
                throw new TemplateException("list indices must be integers, got " + Values.typeName(key));
            }
            case String s -> {
                if (key instanceof Long index) {
                    int length = Values.codePointLength(s);
                    long i = index < 0 ? length + index : index;
                    if (i < 0 || i >= length) {
                        return Undefined.INSTANCE;
                    }
                    int at = s.offsetByCodePoints(0, (int) i);
                    return Character.toString(s.codePointAt(at));
                }
                if (key instanceof String name) {
                    if (name.equals("length")) {
                        return (long) Values.codePointLength(s);
                    }
                    TemplateFunction method = StringMethods.bind(s, name);
                    return method != null ? method : Undefined.INSTANCE;
                }
                throw new TemplateException("string indices must be integers, got " + Values.typeName(key));
            }
            case null, default -> {
                if (key instanceof String) {
                    return Undefined.INSTANCE;
                }
                throw new TemplateException("cannot index " + article(object) + " with " + Values.display(key)
                        + (object instanceof Undefined ? " (is the variable defined?)" : ""));
            }
        }
    }

    private static String stringKey(Object object, Object key) {
        if (key instanceof String s) {
            return s;
        }
        throw new TemplateException(Values.typeName(object) + " keys must be strings, got "
                + Values.typeName(key) + " " + Values.display(key));
    }

    private static String article(Object v) {
        String type = Values.typeName(v);
        return (type.startsWith("i") || type.startsWith("u") ? "an " : "a ") + type + " value";
    }

    /** Python-style slice {@code [start:stop:step]} of a list or a string (by code points). */
    static Object slice(Object object, Object start, Object stop, Object step) {
        List<Object> items;
        if (object instanceof List<?> list) {
            items = new ArrayList<>(list);
        } else if (object instanceof String s) {
            items = Values.characters(s);
        } else {
            throw new TemplateException("cannot slice " + article(object));
        }
        long n = items.size();
        long st = sliceBound(step, 1, "step");
        if (st == 0) {
            throw new TemplateException("slice step cannot be zero");
        }
        long from;
        long to;
        if (st > 0) {
            from = clamp(sliceBound(start, 0, "start"), n, 0, n);
            to = clamp(sliceBound(stop, n, "stop"), n, 0, n);
        } else {
            long rawStart = sliceBound(start, n - 1, "start");
            long rawStop = sliceBound(stop, -1 - n, "stop");
            from = rawStart < 0 ? Math.max(n + rawStart, -1) : Math.min(rawStart, n - 1);
            to = rawStop < 0 ? Math.max(n + rawStop, -1) : Math.min(rawStop, n - 1);
        }
        List<Object> out = new ArrayList<>();
        for (long i = from; st > 0 ? i < to : i > to; i += st) {
            out.add(items.get((int) i));
        }
        if (object instanceof String) {
            StringBuilder sb = new StringBuilder();
            out.forEach(c -> sb.append((String) c));
            return sb.toString();
        }
        return out;
    }

    private static long sliceBound(Object v, long fallback, String what) {
        if (v == null || v instanceof Undefined) {
            return fallback;
        }
        if (v instanceof Long l) {
            return l;
        }
        throw new TemplateException("slice " + what + " must be an integer, got " + Values.typeName(v));
    }

    private static long clamp(long index, long n, long min, long max) {
        long i = index < 0 ? n + index : index;
        return Math.max(min, Math.min(max, i));
    }

    /** Python dict methods of a mapping. */
    static TemplateFunction mappingMethod(Map<String, Object> map, String name) {
        return switch (name) {
            case "get" -> a -> {
                Object key = a.get(0, "key", Undefined.INSTANCE);
                if (!(key instanceof String k)) {
                    throw new TemplateException("get() key must be a string, got " + Values.typeName(key));
                }
                return map.containsKey(k) ? map.get(k) : a.get(1, "default", null);
            };
            case "items" -> a -> items(map);
            case "keys" -> a -> new ArrayList<Object>(map.keySet());
            case "values" -> a -> new ArrayList<>(map.values());
            case "dictsort" -> a -> dictsort(map, a);
            default -> null;
        };
    }

    static List<Object> items(Map<String, Object> map) {
        List<Object> out = new ArrayList<>(map.size());
        for (Map.Entry<String, Object> e : map.entrySet()) {
            List<Object> pair = new ArrayList<>(2);
            pair.add(e.getKey());
            pair.add(e.getValue());
            out.add(pair);
        }
        return out;
    }

    /** (key, value) pairs sorted by key or value: {@code dictsort(case_sensitive=false, by='key', reverse=false)}. */
    static List<Object> dictsort(Map<String, Object> map, Arguments a) {
        boolean caseSensitive = a.bool(0, "case_sensitive", false, "dictsort case_sensitive");
        String by = a.string(1, "by", "key", "dictsort by");
        if (!by.equals("key") && !by.equals("value")) {
            throw new TemplateException("dictsort by must be 'key' or 'value', got '" + by + "'");
        }
        boolean reverse = a.bool(2, "reverse", false, "dictsort reverse");
        int index = by.equals("key") ? 0 : 1;
        List<Object> pairs = items(map);
        pairs.sort((x, y) -> {
            int c = Values.compare(((List<?>) x).get(index), ((List<?>) y).get(index), caseSensitive);
            return reverse ? -c : c;
        });
        return pairs;
    }
}
