package dev.lancet.steering.edit;

import java.util.Arrays;

/**
 * Which token positions an edit (or a recording) applies to. Positions are absolute and 0-based, counted from
 * the start of the session's context.
 * <ul>
 *   <li>{@code all}: every token (the default);</li>
 *   <li>a list: exactly those positions;</li>
 *   <li>{@code prompt}: tokens fed as prompt (not sampled by the model);</li>
 *   <li>{@code generated}: tokens the model sampled and that are fed back (the first generated token's
 *       distribution comes from the last prompt position, so it is shaped by {@code prompt} edits);</li>
 *   <li>{@code from n}: positions {@code >= n} (e.g. the response part of a prompt).</li>
 * </ul>
 * JSON forms: {@code "all"}, {@code [0, 1, 2]}, {@code "prompt"}, {@code "generated"}, {@code {"from": n}}.
 * CLI forms: {@code all}, {@code 0,1,2}, {@code prompt}, {@code generated}, {@code from:N}.
 */
public final class Positions {
    enum Kind { ALL, LIST, PROMPT, GENERATED, FROM }

    private static final Positions ALL = new Positions(Kind.ALL, null, 0);
    private static final Positions PROMPT = new Positions(Kind.PROMPT, null, 0);
    private static final Positions GENERATED = new Positions(Kind.GENERATED, null, 0);

    private final Kind kind;
    private final int[] sorted;
    private final int from;

    private Positions(Kind kind, int[] sorted, int from) {
        this.kind = kind;
        this.sorted = sorted;
        this.from = from;
    }

    public static Positions all() {
        return ALL;
    }

    public static Positions prompt() {
        return PROMPT;
    }

    public static Positions generated() {
        return GENERATED;
    }

    public static Positions from(int position) {
        if (position < 0) throw new IllegalArgumentException("'from' position " + position + " is negative");
        return new Positions(Kind.FROM, null, position);
    }

    /** Exactly these positions (distinct, non-negative). */
    public static Positions of(int... positions) {
        if (positions.length == 0) throw new IllegalArgumentException("the position list is empty");
        int[] s = positions.clone();
        Arrays.sort(s);
        for (int i = 0; i < s.length; i++) {
            if (s[i] < 0) throw new IllegalArgumentException("position " + s[i] + " is negative");
            if (i > 0 && s[i] == s[i - 1]) throw new IllegalArgumentException("position " + s[i] + " is listed twice");
        }
        return new Positions(Kind.LIST, s, 0);
    }

    /** Parses the CLI form: {@code all}, {@code prompt}, {@code generated}, {@code from:N} or {@code 0,1,2}. */
    public static Positions parse(String text) {
        String s = text.trim();
        switch (s) {
            case "all": return ALL;
            case "prompt": return PROMPT;
            case "generated": return GENERATED;
            default:
        }
        try {
            if (s.startsWith("from:")) return from(Integer.parseInt(s.substring(5).trim()));
            String[] parts = s.split(",");
            int[] p = new int[parts.length];
            for (int i = 0; i < parts.length; i++) p[i] = Integer.parseInt(parts[i].trim());
            return of(p);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' is not a position selector (all, prompt, generated, from:N or 0,1,2)");
        }
    }

    /** Whether the token at absolute {@code position} is selected; no allocation (binary search for lists). */
    public boolean matches(int position, boolean generated) {
        return switch (kind) {
            case ALL -> true;
            case PROMPT -> !generated;
            case GENERATED -> generated;
            case FROM -> position >= from;
            case LIST -> Arrays.binarySearch(sorted, position) >= 0;
        };
    }

    public boolean isAll() {
        return kind == Kind.ALL;
    }

    Kind kind() {
        return kind;
    }

    /** For lists: the positions ascending; else null. */
    int[] listOrNull() {
        return sorted == null ? null : sorted.clone();
    }

    int fromPosition() {
        return from;
    }

    @Override
    public String toString() {
        return switch (kind) {
            case ALL -> "all";
            case PROMPT -> "prompt";
            case GENERATED -> "generated";
            case FROM -> "from:" + from;
            case LIST -> {
                StringBuilder b = new StringBuilder();
                for (int p : sorted) b.append(b.isEmpty() ? "" : ",").append(p);
                yield b.toString();
            }
        };
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Positions p && p.kind == kind && Arrays.equals(p.sorted, sorted) && p.from == from;
    }

    @Override
    public int hashCode() {
        return kind.hashCode() * 31 + Arrays.hashCode(sorted) + from;
    }
}
