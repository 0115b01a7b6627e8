package dev.lancet.tokenizer.template;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Python str methods that chat templates call ({@code content.startswith('<think>')},
 * {@code text.split('</think>')[-1].lstrip('\n')}). Where the reference engine has the method it is
 * followed (JavaScript whitespace, {@code title} upper-casing after any non-word character, {@code capitalize}
 * leaving the rest as is). Two departures, both towards Python Jinja, which transformers uses to render
 * training data: {@code strip}/{@code lstrip}/{@code rstrip} honour a {@code chars} argument (the reference
 * ignores it and always strips whitespace), and indices count code points.
 */
final class StringMethods {
    private StringMethods() {
    }

    /** The bound method {@code s.name}, or null when strings have no such method. */
    static TemplateFunction bind(String s, String name) {
        return switch (name) {
            case "upper" -> a -> s.toUpperCase(Locale.ROOT);
            case "lower" -> a -> s.toLowerCase(Locale.ROOT);
            case "title" -> a -> title(s);
            case "capitalize" -> a -> capitalize(s);
            case "strip" -> a -> strip(s, chars(a), true, true);
            case "lstrip" -> a -> strip(s, chars(a), true, false);
            case "rstrip" -> a -> strip(s, chars(a), false, true);
            case "startswith" -> a -> affix(s, a, true);
            case "endswith" -> a -> affix(s, a, false);
            case "split" -> a -> split(s, a.get(0, "sep", null), a.get(1, "maxsplit", -1L));
            case "replace" -> a -> replace(s, a.string(0, "old", null, "replace() old"),
                    a.string(1, "new", null, "replace() new"), a.get(2, "count", null));
            case "find" -> a -> find(s, a.string(0, "sub", null, "find() argument"));
            case "count" -> a -> count(s, a.string(0, "sub", null, "count() argument"));
            case "join" -> a -> join(s, a.get(0, "iterable", null));
            case "format" -> a -> format(s, a);
            default -> null;
        };
    }

    static String title(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean wordStart = isWordChar(c) && (i == 0 || !isWordChar(s.charAt(i - 1)));
            out.append(wordStart ? Character.toUpperCase(c) : c);
        }
        return out.toString();
    }

    static String capitalize(String s) {
        if (s.isEmpty()) {
            return s;
        }
        int first = s.codePointAt(0);
        int n = Character.charCount(first);
        return Character.toString(first).toUpperCase(Locale.ROOT) + s.substring(n);
    }

    /** JavaScript's {@code \w}. */
    private static boolean isWordChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
    }

    private static Object chars(Arguments a) {
        Object chars = a.get(0, "chars", null);
        if (chars != null && !(chars instanceof String) && !(chars instanceof Undefined)) {
            throw new TemplateException("strip() chars must be a string or none, got " + Values.typeName(chars));
        }
        return chars;
    }

    /** Strips whitespace, or with {@code chars} a string, any of its characters (Python semantics). */
    static String strip(String s, Object chars, boolean left, boolean right) {
        if (!(chars instanceof String set)) {
            return left && right ? JsWhitespace.trim(s) : left ? JsWhitespace.trimStart(s) : JsWhitespace.trimEnd(s);
        }
        int start = 0;
        int end = s.length();
        if (left) {
            while (start < end && set.indexOf(s.codePointAt(start)) >= 0) {
                start += Character.charCount(s.codePointAt(start));
            }
        }
        if (right) {
            while (end > start && set.indexOf(s.codePointBefore(end)) >= 0) {
                end -= Character.charCount(s.codePointBefore(end));
            }
        }
        return s.substring(start, end);
    }

    private static boolean affix(String s, Arguments a, boolean prefix) {
        Object pattern = a.get(0, null, Undefined.INSTANCE);
        String method = prefix ? "startswith" : "endswith";
        if (pattern instanceof String p) {
            return prefix ? s.startsWith(p) : s.endsWith(p);
        }
        if (pattern instanceof List<?> options) {
            for (Object o : options) {
                if (!(o instanceof String p)) {
                    throw new TemplateException(method + "() tuple items must be strings, got " + Values.typeName(o));
                }
                if (prefix ? s.startsWith(p) : s.endsWith(p)) {
                    return true;
                }
            }
            return false;
        }
        throw new TemplateException(method + "() argument must be a string or a tuple of strings, got "
                + Values.typeName(pattern));
    }

    /** Python's str.split: on whitespace runs (no sep) or on every sep, at most maxsplit times. */
    static List<Object> split(String s, Object sep, Object maxsplitValue) {
        if (!(maxsplitValue instanceof Long maxsplit)) {
            throw new TemplateException("split() maxsplit must be an integer, got " + Values.typeName(maxsplitValue));
        }
        List<Object> out = new ArrayList<>();
        if (sep == null || sep instanceof Undefined) {
            int i = 0;
            int n = s.length();
            while (true) {
                while (i < n && JsWhitespace.is(s.charAt(i))) {
                    i++;
                }
                if (i >= n) {
                    break;
                }
                if (maxsplit >= 0 && out.size() >= maxsplit) {
                    out.add(s.substring(i));
                    break;
                }
                int start = i;
                while (i < n && !JsWhitespace.is(s.charAt(i))) {
                    i++;
                }
                out.add(s.substring(start, i));
            }
            return out;
        }
        if (!(sep instanceof String separator)) {
            throw new TemplateException("split() separator must be a string or none, got " + Values.typeName(sep));
        }
        if (separator.isEmpty()) {
            throw new TemplateException("split() separator must not be empty");
        }
        int from = 0;
        while (maxsplit < 0 || out.size() < maxsplit) {
            int at = s.indexOf(separator, from);
            if (at < 0) {
                break;
            }
            out.add(s.substring(from, at));
            from = at + separator.length();
        }
        out.add(s.substring(from));
        return out;
    }

    /** Replaces occurrences of old (every code point boundary when old is empty), at most count times. */
    static String replace(String s, String old, String replacement, Object countValue) {
        long count;
        if (countValue == null || countValue instanceof Undefined) {
            count = -1;
        } else if (countValue instanceof Long c) {
            count = c;
        } else {
            throw new TemplateException("replace() count must be an integer, got " + Values.typeName(countValue));
        }
        if (count == 0) {
            return s;
        }
        long remaining = count < 0 ? Long.MAX_VALUE : count;
        StringBuilder out = new StringBuilder();
        if (old.isEmpty()) {
            int i = 0;
            while (i <= s.length()) {
                if (remaining-- > 0) {
                    out.append(replacement);
                } else {
                    out.append(s, i, s.length());
                    return out.toString();
                }
                if (i == s.length()) {
                    break;
                }
                int next = i + Character.charCount(s.codePointAt(i));
                out.append(s, i, next);
                i = next;
            }
            return out.toString();
        }
        int from = 0;
        while (remaining > 0) {
            int at = s.indexOf(old, from);
            if (at < 0) {
                break;
            }
            out.append(s, from, at).append(replacement);
            from = at + old.length();
            remaining--;
        }
        return out.append(s, from, s.length()).toString();
    }

    private static long find(String s, String sub) {
        int at = s.indexOf(sub);
        return at < 0 ? -1 : s.codePointCount(0, at);
    }

    private static long count(String s, String sub) {
        if (sub.isEmpty()) {
            return Values.codePointLength(s) + 1L;
        }
        long n = 0;
        for (int at = s.indexOf(sub); at >= 0; at = s.indexOf(sub, at + sub.length())) {
            n++;
        }
        return n;
    }

    private static String join(String separator, Object iterable) {
        if (!(iterable instanceof List<?> items)) {
            throw new TemplateException("join() argument must be a list, got " + Values.typeName(iterable));
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < items.size(); i++) {
            if (!(items.get(i) instanceof String item)) {
                throw new TemplateException("join() item " + i + " must be a string, got "
                        + Values.typeName(items.get(i)));
            }
            if (i > 0) {
                out.append(separator);
            }
            out.append(item);
        }
        return out.toString();
    }

    /** Python's str.format for {@code {}}, {@code {0}}, {@code {name}} and {@code {{ }}} (no format specs). */
    private static String format(String s, Arguments a) {
        StringBuilder out = new StringBuilder();
        int auto = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '{' && i + 1 < s.length() && s.charAt(i + 1) == '{') {
                out.append('{');
                i++;
            } else if (c == '}' && i + 1 < s.length() && s.charAt(i + 1) == '}') {
                out.append('}');
                i++;
            } else if (c == '{') {
                int close = s.indexOf('}', i);
                if (close < 0) {
                    throw new TemplateException("format(): '{' without '}' in \"" + s + "\"");
                }
                String field = s.substring(i + 1, close);
                if (field.contains(":") || field.contains("!")) {
                    throw new TemplateException("format(): conversions and format specs are not supported: {" + field + "}");
                }
                Object value;
                if (field.isEmpty()) {
                    value = positional(a, auto++);
                } else if (field.chars().allMatch(Character::isDigit)) {
                    value = positional(a, Integer.parseInt(field));
                } else if (a.keyword().containsKey(field)) {
                    value = a.keyword().get(field);
                } else {
                    throw new TemplateException("format(): no argument named '" + field + "'");
                }
                out.append(Values.display(value));
                i = close;
            } else if (c == '}') {
                throw new TemplateException("format(): single '}' in \"" + s + "\"");
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static Object positional(Arguments a, int index) {
        if (index >= a.positional().size()) {
            throw new TemplateException("format(): no positional argument " + index);
        }
        return a.positional().get(index);
    }
}
