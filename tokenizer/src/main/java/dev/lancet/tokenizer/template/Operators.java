package dev.lancet.tokenizer.template;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Binary operators other than the short-circuit {@code and}/{@code or}, with the reference engine's rules:
 * {@code ==}/{@code !=} accept anything; other operators reject undefined and none (except
 * {@code x in undefined}, which is false); {@code ~} concatenates any two values as text; {@code +} adds
 * numbers, concatenates lists, and concatenates text when either side is a string; {@code /} gives a float,
 * {@code //} floors; {@code %} keeps the sign of the dividend (JavaScript). Beyond the reference, strings can
 * be ordered with {@code <} and repeated with {@code *}; division by zero is an error rather than Infinity.
 */
final class Operators {
    private Operators() {
    }

    static Object apply(String op, Object left, Object right) {
        switch (op) {
            case "==" -> {
                return Values.equal(left, right);
            }
            case "!=" -> {
                return !Values.equal(left, right);
            }
            default -> {
            }
        }
        boolean membership = op.equals("in") || op.equals("not in");
        if (left instanceof Undefined || right instanceof Undefined) {
            if (membership && right instanceof Undefined) {
                return op.equals("not in");
            }
            throw new TemplateException("cannot apply '" + op + "' to an undefined value");
        }
        if (left == null || right == null) {
            throw new TemplateException("cannot apply '" + op + "' to none");
        }
        if (membership) {
            boolean found = contains(right, left);
            return op.equals("in") == found;
        }
        if (op.equals("~")) {
            return Values.concatString(left) + Values.concatString(right);
        }
        if (op.equals("**") && Values.isNumeric(left) && Values.isNumeric(right)) {
            return power(left, right);
        }
        if (Values.isNumber(left) && Values.isNumber(right)) {
            return arithmetic(op, left, right);
        }
        if (op.equals("+") && left instanceof List<?> a && right instanceof List<?> b) {
            List<Object> out = new ArrayList<>(a);
            out.addAll(b);
            return out;
        }
        if (op.equals("+") && (left instanceof String || right instanceof String)) {
            return Values.concatString(left) + Values.concatString(right);
        }
        if (left instanceof String a && right instanceof String b) {
            int c = a.compareTo(b);
            switch (op) {
                case "<" -> {
                    return c < 0;
                }
                case ">" -> {
                    return c > 0;
                }
                case "<=" -> {
                    return c <= 0;
                }
                case ">=" -> {
                    return c >= 0;
                }
                default -> {
                }
            }
        }
        if (op.equals("*") && (left instanceof String && right instanceof Long || left instanceof Long && right instanceof String)) {
            String s = left instanceof String l ? l : (String) right;
            long times = left instanceof Long l ? l : (Long) right;
            if ((long) s.length() * Math.max(0, times) > 100_000_000L) {
                throw new TemplateException("string repetition too large");
            }
            return s.repeat((int) Math.max(0, times));
        }
        throw new TemplateException("unsupported operand types for '" + op + "': " + Values.typeName(left)
                + " and " + Values.typeName(right));
    }

    /** {@code needle in haystack}: list membership (booleans never match numbers), substring, mapping key. */
    private static boolean contains(Object haystack, Object needle) {
        if (haystack instanceof List<?> list) {
            for (Object item : list) {
                if (Values.sameItem(item, needle)) {
                    return true;
                }
            }
            return false;
        }
        if (haystack instanceof String s && needle instanceof String n) {
            return s.contains(n);
        }
        if (haystack instanceof Map<?, ?> map && needle instanceof String key) {
            return map.containsKey(key);
        }
        throw new TemplateException("unsupported operand types for 'in': " + Values.typeName(needle) + " in "
                + Values.typeName(haystack));
    }

    private static Object arithmetic(String op, Object left, Object right) {
        boolean isFloat = left instanceof Double || right instanceof Double;
        if (!isFloat) {
            long a = (Long) left;
            long b = (Long) right;
            try {
                return switch (op) {
                    case "+" -> Math.addExact(a, b);
                    case "-" -> Math.subtractExact(a, b);
                    case "*" -> Math.multiplyExact(a, b);
                    case "/" -> {
                        requireNonZero(b);
                        yield (double) a / b;
                    }
                    case "//" -> {
                        requireNonZero(b);
                        yield Math.floorDiv(a, b);
                    }
                    case "%" -> {
                        requireNonZero(b);
                        yield a % b;
                    }
                    case "<" -> a < b;
                    case ">" -> a > b;
                    case "<=" -> a <= b;
                    case ">=" -> a >= b;
                    default -> throw unsupported(op, left, right);
                };
            } catch (ArithmeticException e) {
                throw new TemplateException("integer overflow in " + a + " " + op + " " + b);
            }
        }
        double a = Values.toDouble(left);
        double b = Values.toDouble(right);
        return switch (op) {
            case "+" -> a + b;
            case "-" -> a - b;
            case "*" -> a * b;
            case "/" -> {
                requireNonZero(b);
                yield a / b;
            }
            case "//" -> {
                requireNonZero(b);
                yield Math.floor(a / b);
            }
            case "%" -> {
                requireNonZero(b);
                yield a % b;
            }
            case "<" -> a < b;
            case ">" -> a > b;
            case "<=" -> a <= b;
            case ">=" -> a >= b;
            default -> throw unsupported(op, left, right);
        };
    }

    /** {@code a ** b}: an integer when both are integers and b &gt;= 0, else a float. */
    private static Object power(Object left, Object right) {
        double a = Values.toDouble(left);
        double b = Values.toDouble(right);
        if (a == 0 && b < 0) {
            throw new TemplateException("0 cannot be raised to a negative power");
        }
        boolean isFloat = left instanceof Double || right instanceof Double || b < 0;
        if (!isFloat) {
            long base = left instanceof Boolean x ? (x ? 1 : 0) : (Long) left;
            long exponent = right instanceof Boolean y ? (y ? 1 : 0) : (Long) right;
            if (exponent >= 64 && Math.abs(base) > 1) {
                throw new TemplateException("integer power too large: " + base + " ** " + exponent);
            }
            BigInteger result = BigInteger.valueOf(base).pow((int) Math.min(exponent, 64 + (exponent & 1)));
            if (result.bitLength() >= 64) {
                throw new TemplateException("integer power too large: " + base + " ** " + exponent);
            }
            return result.longValue();
        }
        double result = Math.pow(a, b);
        if (!Double.isFinite(result)) {
            throw new TemplateException("power result is not a finite number: " + a + " ** " + b);
        }
        return result;
    }

    private static void requireNonZero(double divisor) {
        if (divisor == 0) {
            throw new TemplateException("division by zero");
        }
    }

    private static TemplateException unsupported(String op, Object left, Object right) {
        return new TemplateException("unsupported operand types for '" + op + "': " + Values.typeName(left)
                + " and " + Values.typeName(right));
    }
}
