package dev.lancet.steering.values;

import com.fasterxml.jackson.annotation.JsonIgnore;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Everything a value sweep measured (targets x methods x strengths), as written to
 * {@code sweep.json} and read back by {@code lancet values report --in sweep.json}.
 *
 * @param format              always {@value #FORMAT}
 * @param model               model name or path, may be null
 * @param measure             what the value scores are, e.g. {@code pvq-raw}
 * @param values              order of every per-value array; written in circumplex order, any
 *                            permutation of the ten is accepted on reading and reordered
 * @param methods             method names in display order (null: order of first appearance)
 * @param leakageWeights      name of the NGLR weights used
 * @param basePerplexity      perplexity of the unsteered model, or null
 * @param points              the runs
 * @param neuronsPerLayer     located neurons per value per layer, may be empty
 * @param unitClassesPerLayer unit-class counts per layer, may be empty
 */
public record SweepResult(String format, String model, String measure, List<SchwartzValue> values,
                          List<String> methods, String leakageWeights, Double basePerplexity,
                          List<SweepPoint> points, Map<SchwartzValue, int[]> neuronsPerLayer,
                          Map<UnitClass, int[]> unitClassesPerLayer) {
    public static final String FORMAT = "lancet-values-sweep/1";
    /** Circumplex order, the order of {@link #values()} after construction. */
    public static final List<SchwartzValue> CIRCUMPLEX = List.of(SchwartzValue.values());

    public SweepResult {
        if (!FORMAT.equals(format)) {
            throw new ValueDataException("field 'format' must be \"" + FORMAT + "\", got " + (format == null ? "nothing" : "\"" + format + "\""));
        }
        if (points == null || points.isEmpty()) throw new ValueDataException("field 'points' is missing or empty");
        if (values == null) values = CIRCUMPLEX;
        if (values.size() != SchwartzValue.COUNT || EnumSet.copyOf(values).size() != SchwartzValue.COUNT) {
            throw new ValueDataException("field 'values' must list each of the ten values once, got " + values);
        }
        List<SweepPoint> ordered = new ArrayList<>(points.size());
        for (SweepPoint p : points) {
            if (p == null) throw new ValueDataException("field 'points' holds a null entry");
            if (values.equals(CIRCUMPLEX)) {
                ordered.add(p);
            } else {
                double[] d = new double[SchwartzValue.COUNT];
                for (int k = 0; k < SchwartzValue.COUNT; k++) d[values.get(k).ordinal()] = p.delta()[k];
                ordered.add(new SweepPoint(p.target(), p.method(), p.strength(), d, p.nlr(), p.nglr(),
                        p.perplexity(), p.kl(), p.greedyAgreement()));
            }
        }
        points = List.copyOf(ordered);
        values = CIRCUMPLEX;
        Set<String> seen = new LinkedHashSet<>();
        for (SweepPoint p : points) seen.add(p.method());
        if (methods == null) {
            methods = List.copyOf(seen);
        } else {
            methods = List.copyOf(methods);
            if (new LinkedHashSet<>(methods).size() != methods.size()) {
                throw new ValueDataException("field 'methods' lists a method twice: " + methods);
            }
            for (String m : seen) {
                if (!methods.contains(m)) throw new ValueDataException("point method '" + m + "' is not in 'methods' " + methods);
            }
        }
        Set<String> keys = new java.util.HashSet<>();
        for (SweepPoint p : points) {
            if (!keys.add(p.target() + "|" + p.method() + "|" + p.strength())) {
                throw new ValueDataException("two points for target " + p.target() + ", method " + p.method()
                        + ", strength " + p.strength());
            }
        }
        if (basePerplexity != null && !(basePerplexity >= 1 && !basePerplexity.isInfinite())) {
            throw new ValueDataException("field 'basePerplexity' must be finite and >= 1, got " + basePerplexity);
        }
        neuronsPerLayer = copyCounts(neuronsPerLayer, SchwartzValue.class, "neuronsPerLayer");
        unitClassesPerLayer = copyCounts(unitClassesPerLayer, UnitClass.class, "unitClassesPerLayer");
        if (measure == null) measure = "pvq-raw";
        if (leakageWeights == null) leakageWeights = LeakageWeights.standard().name();
    }

    private static <K extends Enum<K>> Map<K, int[]> copyCounts(Map<K, int[]> in, Class<K> type, String field) {
        EnumMap<K, int[]> out = new EnumMap<>(type);
        if (in == null) return Collections.unmodifiableMap(out);
        int layers = -1;
        for (Map.Entry<K, int[]> e : in.entrySet()) {
            int[] c = e.getValue();
            if (c == null) throw new ValueDataException("field '" + field + "." + e.getKey() + "' is null");
            if (layers >= 0 && c.length != layers) {
                throw new ValueDataException("field '" + field + "': '" + e.getKey() + "' has " + c.length
                        + " layers, others " + layers);
            }
            layers = c.length;
            for (int x : c) if (x < 0) throw new ValueDataException("field '" + field + "." + e.getKey() + "' holds a negative count");
            out.put(e.getKey(), c.clone());
        }
        return Collections.unmodifiableMap(out);
    }

    /** A sweep result with the defaults for format, value order and method order. */
    public static SweepResult of(String model, String measure, String leakageWeights, Double basePerplexity,
                                 List<SweepPoint> points, Map<SchwartzValue, int[]> neuronsPerLayer,
                                 Map<UnitClass, int[]> unitClassesPerLayer) {
        return new SweepResult(FORMAT, model, measure, CIRCUMPLEX, null, leakageWeights, basePerplexity, points,
                neuronsPerLayer, unitClassesPerLayer);
    }

    /** Distinct strengths of one method, ascending. */
    public List<Double> strengths(String method) {
        TreeSet<Double> s = new TreeSet<>();
        for (SweepPoint p : points) if (p.method().equals(method)) s.add(p.strength());
        return List.copyOf(s);
    }

    /** Targets run with one method, in circumplex order. */
    @JsonIgnore
    public Set<SchwartzValue> targets(String method) {
        EnumSet<SchwartzValue> t = EnumSet.noneOf(SchwartzValue.class);
        for (SweepPoint p : points) if (p.method().equals(method)) t.add(p.target());
        return t;
    }

    /** The point for (target, method, strength), or null. */
    public SweepPoint point(SchwartzValue target, String method, double strength) {
        for (SweepPoint p : points) {
            if (p.target() == target && p.method().equals(method) && p.strength() == strength) return p;
        }
        return null;
    }

    /**
     * dS rows per target for one method: for each target, its point at {@code strength}, or at its
     * largest strength when {@code strength} is null; null rows for targets not run.
     */
    public double[][] deltaByTarget(String method, Double strength) {
        double[][] rows = new double[SchwartzValue.COUNT][];
        double[] best = new double[SchwartzValue.COUNT];
        java.util.Arrays.fill(best, Double.NEGATIVE_INFINITY);
        for (SweepPoint p : points) {
            if (!p.method().equals(method)) continue;
            int t = p.target().ordinal();
            boolean take = strength == null ? p.strength() > best[t] : p.strength() == strength;
            if (take) {
                rows[t] = p.delta();
                best[t] = p.strength();
            }
        }
        return rows;
    }

    /** Number of layers in the per-layer counts (0 when there are none). */
    @JsonIgnore
    public int layerCount() {
        for (int[] c : neuronsPerLayer.values()) return c.length;
        for (int[] c : unitClassesPerLayer.values()) return c.length;
        return 0;
    }

    public void write(Path file) {
        ValuesJson.write(this, file, "sweep file");
    }

    public String toJson() {
        return ValuesJson.toJson(this);
    }

    public static SweepResult read(Path file) {
        return ValuesJson.read(file, SweepResult.class, "sweep file");
    }

    public static SweepResult parse(String json, String source) {
        return ValuesJson.parse(json, SweepResult.class, source);
    }
}
