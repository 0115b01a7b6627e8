package dev.lancet.tokenizer.template;

import java.util.HashMap;
import java.util.Map;

/**
 * Variables of one scope, falling back to the enclosing one. As in the reference engine a for loop and a
 * macro call open a scope; {@code if} does not; {@code set} writes into the innermost scope.
 */
final class Scope {
    private final Scope parent;
    private final Map<String, Object> variables = new HashMap<>();

    Scope(Scope parent) {
        this.parent = parent;
    }

    /** The variable's value ({@code null} is none), or {@link Undefined#INSTANCE} when no scope has it. */
    Object lookup(String name) {
        for (Scope s = this; s != null; s = s.parent) {
            Map<String, Object> vars = s.variables;
            Object v = vars.get(name);
            if (v != null || vars.containsKey(name)) {
                return v;
            }
        }
        return Undefined.INSTANCE;
    }

    void set(String name, Object value) {
        variables.put(name, value);
    }
}
