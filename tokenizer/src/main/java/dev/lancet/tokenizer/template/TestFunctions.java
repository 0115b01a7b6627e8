package dev.lancet.tokenizer.template;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The {@code is} tests: {@code x is defined}, {@code x is not none}, {@code x is string}... with the reference
 * engine's definitions ({@code number} excludes booleans; {@code iterable} is a list or a string;
 * {@code sequence} also accepts a mapping). Tests that take an argument ({@code equalto}, {@code divisibleby},
 * {@code in}...) are written with parentheses: {@code x is divisibleby(3)}.
 */
final class TestFunctions {
    private TestFunctions() {
    }

    static boolean apply(String name, Object v, Arguments args) {
        return switch (name) {
            case "defined" -> !(v instanceof Undefined);
            case "undefined" -> v instanceof Undefined;
            case "none" -> v == null;
            case "boolean" -> v instanceof Boolean;
            case "true" -> Boolean.TRUE.equals(v);
            case "false" -> Boolean.FALSE.equals(v);
            case "string" -> v instanceof String;
            case "number" -> Values.isNumber(v);
            case "integer" -> v instanceof Long;
            case "float" -> v instanceof Double;
            case "mapping" -> v instanceof Map;
            case "iterable" -> v instanceof List || v instanceof String;
            case "sequence" -> v instanceof List || v instanceof Map || v instanceof String;
            case "callable" -> v instanceof TemplateFunction;
            case "odd" -> integer(name, v) % 2 != 0;
            case "even" -> integer(name, v) % 2 == 0;
            case "lower" -> v instanceof String s && s.equals(s.toLowerCase(Locale.ROOT));
            case "upper" -> v instanceof String s && s.equals(s.toUpperCase(Locale.ROOT));
            case "equalto", "eq", "==" -> Values.equal(v, argument(name, args));
            case "ne", "!=" -> !Values.equal(v, argument(name, args));
            case "sameas" -> {
                Object other = argument(name, args);
                boolean scalar = !(v instanceof List) && !(v instanceof Map) && !(v instanceof Namespace);
                yield v == other || scalar && Objects.equals(v, other);
            }
            case "gt", ">" -> Values.compare(v, argument(name, args), true) > 0;
            case "ge", ">=" -> Values.compare(v, argument(name, args), true) >= 0;
            case "lt", "<" -> Values.compare(v, argument(name, args), true) < 0;
            case "le", "<=" -> Values.compare(v, argument(name, args), true) <= 0;
            case "in" -> (Boolean) Operators.apply("in", v, argument(name, args));
            case "divisibleby" -> {
                Object divisor = argument(name, args);
                if (!(divisor instanceof Long d) || d == 0) {
                    throw new TemplateException("divisibleby needs a non-zero integer, got " + Values.display(divisor));
                }
                yield integer(name, v) % d == 0;
            }
            default -> throw new TemplateException("unknown test '" + name + "'");
        };
    }

    private static long integer(String test, Object v) {
        if (v instanceof Long l) {
            return l;
        }
        throw new TemplateException("test '" + test + "' needs an integer, got " + Values.typeName(v));
    }

    private static Object argument(String test, Arguments args) {
        if (!args.has(0, null)) {
            throw new TemplateException("test '" + test + "' needs an argument, e.g. x is " + test + "(value)");
        }
        return args.get(0, null, null);
    }
}
