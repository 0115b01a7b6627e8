package dev.lancet.tokenizer.template;

import java.time.ZonedDateTime;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Names every template sees: {@code true}/{@code false}/{@code none} (also {@code True}/{@code False}/
 * {@code None}), {@code raise_exception(message)}, {@code range(...)}, {@code namespace(...)} and
 * {@code strftime_now(format)}. Caller variables live in a scope below this one and may shadow them.
 */
final class Globals {
    /** range() longer than this is refused rather than filling memory. */
    private static final long MAX_RANGE = 10_000_000;

    private Globals() {
    }

    static Scope newScope() {
        Scope s = new Scope(null);
        s.set("true", true);
        s.set("false", false);
        s.set("none", null);
        s.set("True", true);
        s.set("False", false);
        s.set("None", null);
        s.set("raise_exception", (TemplateFunction) Globals::raiseException);
        s.set("range", (TemplateFunction) Globals::range);
        s.set("namespace", (TemplateFunction) Globals::namespace);
        s.set("strftime_now", (TemplateFunction) Globals::strftimeNow);
        return s;
    }

    private static Object raiseException(Arguments a) {
        Object message = a.get(0, "message", "");
        throw TemplateException.raised(Values.concatString(message));
    }

    /** Python's range(stop) / range(start, stop[, step]) over integers. */
    private static Object range(Arguments a) {
        List<Object> p = a.positional();
        if (p.isEmpty() || p.size() > 3 || !a.keyword().isEmpty()) {
            throw new TemplateException("range() takes 1 to 3 integer arguments");
        }
        long[] v = new long[p.size()];
        for (int i = 0; i < v.length; i++) {
            if (!(p.get(i) instanceof Long l)) {
                throw new TemplateException("range() arguments must be integers, got " + Values.typeName(p.get(i)));
            }
            v[i] = l;
        }
        long start = v.length == 1 ? 0 : v[0];
        long stop = v.length == 1 ? v[0] : v[1];
        long step = v.length == 3 ? v[2] : 1;
        if (step == 0) {
            throw new TemplateException("range() step must not be zero");
        }
        double count = Math.ceil(((double) stop - start) / step);
        if (count > MAX_RANGE) {
            throw new TemplateException("range() of " + (long) count + " items is too long");
        }
        List<Object> out = new ArrayList<>();
        for (long i = start; step > 0 ? i < stop : i > stop; i += step) {
            out.add(i);
        }
        return out;
    }

    /** {@code namespace()}, {@code namespace(mapping)}, {@code namespace(key=value, ...)}, or both. */
    private static Object namespace(Arguments a) {
        if (a.positional().size() > 1) {
            throw new TemplateException("namespace() takes at most one positional argument");
        }
        Namespace ns = new Namespace();
        if (!a.positional().isEmpty()) {
            Object source = a.positional().getFirst();
            if (source instanceof Map<?, ?> m) {
                m.forEach((k, val) -> ns.attributes.put(String.valueOf(k), val));
            } else if (source instanceof List<?> pairs) {
                for (Object pair : pairs) {
                    if (!(pair instanceof List<?> kv) || kv.size() != 2 || !(kv.get(0) instanceof String key)) {
                        throw new TemplateException("namespace() needs a mapping or a list of [key, value] pairs");
                    }
                    ns.attributes.put(key, kv.get(1));
                }
            } else {
                throw new TemplateException("namespace() needs a mapping, got " + Values.typeName(source));
            }
        }
        ns.attributes.putAll(a.keyword());
        return ns;
    }

    /** The local time formatted with strftime directives %Y %m %d %H %M %S %y %b %B %a %A %I %p %j %%. */
    private static Object strftimeNow(Arguments a) {
        return strftime(ZonedDateTime.now(), a.string(0, "format", null, "strftime_now format"));
    }

    static String strftime(ZonedDateTime t, String format) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < format.length(); i++) {
            char c = format.charAt(i);
            if (c != '%' || i + 1 >= format.length()) {
                out.append(c);
                continue;
            }
            char d = format.charAt(++i);
            switch (d) {
                case 'Y' -> out.append(t.getYear());
                case 'y' -> out.append(String.format("%02d", t.getYear() % 100));
                case 'm' -> out.append(String.format("%02d", t.getMonthValue()));
                case 'd' -> out.append(String.format("%02d", t.getDayOfMonth()));
                case 'H' -> out.append(String.format("%02d", t.getHour()));
                case 'I' -> out.append(String.format("%02d", (t.getHour() + 11) % 12 + 1));
                case 'M' -> out.append(String.format("%02d", t.getMinute()));
                case 'S' -> out.append(String.format("%02d", t.getSecond()));
                case 'p' -> out.append(t.getHour() < 12 ? "AM" : "PM");
                case 'j' -> out.append(String.format("%03d", t.getDayOfYear()));
                case 'b' -> out.append(t.getMonth().getDisplayName(TextStyle.SHORT, Locale.ENGLISH));
                case 'B' -> out.append(t.getMonth().getDisplayName(TextStyle.FULL, Locale.ENGLISH));
                case 'a' -> out.append(t.getDayOfWeek().getDisplayName(TextStyle.SHORT, Locale.ENGLISH));
                case 'A' -> out.append(t.getDayOfWeek().getDisplayName(TextStyle.FULL, Locale.ENGLISH));
                case '%' -> out.append('%');
                default -> out.append('%').append(d);
            }
        }
        return out.toString();
    }
}
