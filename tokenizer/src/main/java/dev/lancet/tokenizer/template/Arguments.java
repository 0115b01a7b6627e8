package dev.lancet.tokenizer.template;

import java.util.List;
import java.util.Map;

/**
 * Evaluated call arguments. {@code scope} is the caller's scope: macros resolve free names through it, as in
 * the reference engine.
 */
record Arguments(List<Object> positional, Map<String, Object> keyword, Scope scope) {

    /** Positional argument {@code index}, else keyword {@code name}, else {@code fallback}. */
    Object get(int index, String name, Object fallback) {
        if (index >= 0 && index < positional.size()) {
            return positional.get(index);
        }
        if (name != null && keyword.containsKey(name)) {
            return keyword.get(name);
        }
        return fallback;
    }

    boolean has(int index, String name) {
        return (index >= 0 && index < positional.size()) || (name != null && keyword.containsKey(name));
    }

    String string(int index, String name, String fallback, String what) {
        Object v = get(index, name, fallback);
        if (v instanceof String s) {
            return s;
        }
        throw new TemplateException(what + " must be a string, got " + Values.typeName(v));
    }

    long integer(int index, String name, long fallback, String what) {
        Object v = get(index, name, fallback);
        if (v instanceof Long l) {
            return l;
        }
        throw new TemplateException(what + " must be an integer, got " + Values.typeName(v));
    }

    boolean bool(int index, String name, boolean fallback, String what) {
        Object v = get(index, name, fallback);
        if (v instanceof Boolean b) {
            return b;
        }
        throw new TemplateException(what + " must be a boolean, got " + Values.typeName(v));
    }
}
