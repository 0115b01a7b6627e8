package dev.lancet.steering.edit;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lancet.runtime.LancetException;
import dev.lancet.runtime.edit.Site;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The JSON edit contract, read and written:
 * <pre>
 * {"edits": [
 *   {"site": "mlp.neurons", "layers": [2], "neurons": [5, 9], "op": "set", "value": 0.0},
 *   {"site": "mlp.neurons", "layers": [4], "neurons": [33], "op": "scale", "factor": 3.0, "positions": [0, 1, 2]},
 *   {"site": "residual", "layers": [1], "op": "add", "vector": [0.1, -0.2], "coefficient": 1.5}
 * ]}
 * </pre>
 * Every edit has {@code site} (mlp.gate, mlp.up, mlp.neurons, mlp.out, attn.out, residual), {@code layers}
 * ({@code [2]}, {@code [0,1,4]}, {@code "1-3"} or {@code "all"}) and {@code op}; optionally {@code neurons} (neuron
 * ops; default every entry of the site), {@code positions} ({@code "all"} (default), {@code [0,1,2]},
 * {@code "prompt"}, {@code "generated"}, {@code {"from": n}}) and {@code schedule} (per-step multipliers, see
 * {@link Schedule}). Op fields:
 * <ul>
 *   <li>{@code set}: value; {@code zero}; {@code scale}: factor; {@code add}: value (neurons) or vector and optional
 *       coefficient (default 1); {@code clamp}: min and/or max;</li>
 *   <li>{@code mean}: stats (a file from {@code lancet record}); {@code steer}: stats and k, or values (one per
 *       chosen neuron);</li>
 *   <li>{@code project_out}: vector; {@code ablate_then_add}: vector and optional coefficient (default 1).</li>
 * </ul>
 * Unknown fields, fields that do not belong to the op, wrong types and non-finite numbers are rejected naming the
 * edit's index and the field. Relative {@code stats} paths resolve against the plan file's folder.
 */
public final class EditPlanJson {
    private static final ObjectMapper READER = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS) // so NaN / Infinity get a clear error naming the field
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .build();
    private static final ObjectMapper WRITER = new ObjectMapper();

    private static final Set<String> COMMON = Set.of("site", "layers", "neurons", "op", "positions", "schedule");
    private static final Map<String, Set<String>> OP_FIELDS = Map.of(
            "set", Set.of("value"),
            "zero", Set.of(),
            "scale", Set.of("factor"),
            "add", Set.of("value", "vector", "coefficient"),
            "clamp", Set.of("min", "max"),
            "mean", Set.of("stats"),
            "steer", Set.of("stats", "k", "values"),
            "project_out", Set.of("vector"),
            "ablate_then_add", Set.of("vector", "coefficient"));

    private EditPlanJson() {
    }

    public static EditPlan read(Path file) {
        if (!Files.isRegularFile(file)) throw new EditSpecException(file.toString(), "edit plan file does not exist");
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new EditSpecException(file.toString(), "cannot read: " + e.getMessage());
        }
        Path dir = file.toAbsolutePath().getParent();
        return parse(text, file.toString(), dir);
    }

    /** Parses a plan; {@code source} names it in errors, {@code baseDir} (nullable) resolves relative stats paths. */
    public static EditPlan parse(String json, String source, Path baseDir) {
        JsonNode root;
        try {
            root = READER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new EditSpecException(source, "not valid JSON: " + e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")"));
        }
        if (root == null || !root.isObject()) throw new EditSpecException(source, "must be a JSON object {\"edits\": [...]}");
        for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!k.equals("edits")) throw new EditSpecException(source, "unknown top-level field '" + k + "' (expected only \"edits\")");
        }
        JsonNode list = root.get("edits");
        if (list == null || !list.isArray()) throw new EditSpecException(source, "field 'edits' must be a list of edits");
        List<Edit> edits = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) edits.add(new EditReader(source, i, list.get(i), baseDir).edit());
        return new EditPlan(edits, source);
    }

    /** Reads one edit object, every error naming its index and field. */
    private record EditReader(String source, int index, JsonNode node, Path baseDir) {
        Edit edit() {
            if (!node.isObject()) throw fail(null, "must be an object, got " + node);
            String opName = string("op", true);
            String siteName = string("site", true);
            Site site;
            try {
                site = Site.parse(siteName);
            } catch (LancetException e) {
                throw fail("site", e.getMessage());
            }
            Set<String> opFields = OP_FIELDS.get(opName);
            if (opFields == null) {
                throw fail("op", "unknown op '" + opName + "' (known: set, zero, scale, add, clamp, mean, steer, project_out, ablate_then_add)");
            }
            for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
                String f = it.next();
                if (COMMON.contains(f) || opFields.contains(f)) continue;
                boolean known = OP_FIELDS.values().stream().anyMatch(s -> s.contains(f));
                throw fail(f, known ? "does not apply to op '" + opName + "'" : "unknown field");
            }
            if (!node.has("layers")) throw fail("layers", "is missing");
            EditOp op = op(opName);
            return new Edit(site, layers(), node.has("neurons") ? ints("neurons") : null, op, positions(), schedule());
        }

        private EditOp op(String name) {
            return switch (name) {
                case "set" -> new SetOp(number("value", true));
                case "zero" -> new ZeroOp();
                case "scale" -> new ScaleOp(number("factor", true));
                case "add" -> {
                    if (node.has("vector") && node.has("value")) throw fail("value", "give either 'value' (neurons) or 'vector', not both");
                    if (node.has("vector")) yield new VectorAddOp(floats("vector"), coefficient());
                    if (node.has("coefficient")) throw fail("coefficient", "applies only with 'vector'");
                    yield new AddOp(number("value", true));
                }
                case "clamp" -> {
                    Float min = node.has("min") ? number("min", true) : null;
                    Float max = node.has("max") ? number("max", true) : null;
                    if (min == null && max == null) throw fail("max", "clamp needs 'min', 'max' or both");
                    yield new ClampOp(min, max);
                }
                case "mean" -> new MeanOp(path("stats"));
                case "steer" -> {
                    if (node.has("values")) {
                        if (node.has("stats") || node.has("k")) throw fail("values", "give either 'values' or 'stats' with 'k', not both");
                        yield SteerOp.toValues(floats("values"));
                    }
                    if (!node.has("stats")) throw fail("stats", "steer needs 'stats' and 'k', or 'values'");
                    yield SteerOp.fromStats(path("stats"), number("k", true));
                }
                case "project_out" -> new ProjectOutOp(floats("vector"));
                case "ablate_then_add" -> new AblateThenAddOp(floats("vector"), coefficient());
                default -> throw fail("op", "unknown op '" + name + "'");
            };
        }

        private float coefficient() {
            return node.has("coefficient") ? number("coefficient", true) : 1f;
        }

        private Layers layers() {
            JsonNode n = node.get("layers");
            try {
                if (n.isTextual()) return Layers.parse(n.asText());
                if (n.isIntegralNumber()) return Layers.of(intValue("layers", n));
                if (n.isArray()) return Layers.of(ints("layers"));
            } catch (IllegalArgumentException e) {
                throw fail("layers", e.getMessage());
            }
            throw fail("layers", "must be a list such as [0, 2], a range such as \"1-3\", or \"all\"; got " + n);
        }

        private Positions positions() {
            JsonNode n = node.get("positions");
            if (n == null || n.isNull()) return Positions.all();
            try {
                if (n.isTextual()) {
                    String s = n.asText();
                    if (s.equals("all") || s.equals("prompt") || s.equals("generated")) return Positions.parse(s);
                    throw fail("positions", "unknown selector \"" + s + "\" (all, prompt, generated, a list, or {\"from\": n})");
                }
                if (n.isArray()) return Positions.of(ints("positions"));
                if (n.isObject()) {
                    if (n.size() != 1 || !n.has("from")) throw fail("positions", "an object selector must be {\"from\": n}");
                    return Positions.from(intValue("positions", n.get("from")));
                }
            } catch (IllegalArgumentException e) {
                throw fail("positions", e.getMessage());
            }
            throw fail("positions", "must be \"all\", \"prompt\", \"generated\", a list of positions, or {\"from\": n}; got " + n);
        }

        private Schedule schedule() {
            if (!node.has("schedule")) return null;
            float[] s = floats("schedule");
            if (s.length == 0) throw fail("schedule", "is empty");
            return Schedule.of(s);
        }

        private String string(String field, boolean required) {
            JsonNode n = node.get(field);
            if (n == null || n.isNull()) {
                if (required) throw fail(field, "is missing");
                return null;
            }
            if (!n.isTextual()) throw fail(field, "must be a string, got " + n);
            return n.asText();
        }

        private Path path(String field) {
            String s = string(field, true);
            try {
                Path p = Path.of(s);
                return p.isAbsolute() || baseDir == null ? p : baseDir.resolve(p);
            } catch (java.nio.file.InvalidPathException e) {
                throw fail(field, "'" + s + "' is not a valid path");
            }
        }

        /** A number as float; non-finite values (and values that overflow float) pass here and are rejected by the op's check. */
        private float number(String field, boolean required) {
            JsonNode n = node.get(field);
            if (n == null || n.isNull()) {
                if (required) throw fail(field, "is missing");
                return 0f;
            }
            if (!n.isNumber()) throw fail(field, "must be a number, got " + n);
            return (float) n.asDouble();
        }

        private float[] floats(String field) {
            JsonNode n = node.get(field);
            if (n == null || n.isNull()) throw fail(field, "is missing");
            if (!n.isArray()) throw fail(field, "must be a list of numbers");
            float[] v = new float[n.size()];
            for (int i = 0; i < v.length; i++) {
                JsonNode e = n.get(i);
                if (!e.isNumber()) throw fail(field, "entry " + i + " must be a number, got " + e);
                v[i] = (float) e.asDouble();
            }
            return v;
        }

        private int[] ints(String field) {
            JsonNode n = node.get(field);
            if (!n.isArray()) throw fail(field, "must be a list of integers, got " + n);
            int[] v = new int[n.size()];
            for (int i = 0; i < v.length; i++) v[i] = intValue(field, n.get(i));
            return v;
        }

        private int intValue(String field, JsonNode e) {
            if (!e.isIntegralNumber() || !e.canConvertToInt()) throw fail(field, "entry " + e + " is not an integer");
            return e.asInt();
        }

        private EditSpecException fail(String field, String detail) {
            return new EditSpecException(source, index, field, detail);
        }
    }

    /** The plan in the contract's form, one edit per line. Floats are written in their shortest exact form. */
    public static String write(EditPlan plan) {
        StringBuilder b = new StringBuilder("{\"edits\": [");
        List<Edit> edits = plan.edits();
        for (int i = 0; i < edits.size(); i++) {
            b.append(i == 0 ? "\n  " : ",\n  ");
            try {
                b.append(WRITER.writeValueAsString(toNode(edits.get(i))));
            } catch (JsonProcessingException e) {
                throw new UncheckedIOException(e);
            }
        }
        b.append(edits.isEmpty() ? "]}\n" : "\n]}\n");
        return b.toString();
    }

    /** Writes the plan to a file (UTF-8). */
    public static void write(EditPlan plan, Path file) {
        try {
            Path dir = file.toAbsolutePath().getParent();
            if (dir != null) Files.createDirectories(dir);
            Files.writeString(file, write(plan), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    static ObjectNode toNode(Edit e) {
        ObjectNode o = WRITER.createObjectNode();
        o.put("site", e.site().id());
        int[] list = e.layers().listOrNull();
        if (list != null) {
            ArrayNode a = o.putArray("layers");
            for (int l : list) a.add(l);
        } else {
            o.put("layers", e.layers().toString());
        }
        if (e.neurons() != null) {
            ArrayNode a = o.putArray("neurons");
            for (int n : e.neurons()) a.add(n);
        }
        o.put("op", e.op().id());
        switch (e.op()) {
            case SetOp s -> o.put("value", s.value());
            case ZeroOp z -> { }
            case ScaleOp s -> o.put("factor", s.factor());
            case AddOp a -> o.put("value", a.value());
            case ClampOp c -> {
                if (c.min() != null) o.put("min", c.min());
                if (c.max() != null) o.put("max", c.max());
            }
            case MeanOp m -> o.put("stats", m.stats().toString());
            case SteerOp s -> {
                if (s.values() != null) floats(o.putArray("values"), s.values());
                else o.put("stats", s.stats().toString()).put("k", s.k());
            }
            case VectorAddOp v -> {
                floats(o.putArray("vector"), v.vector());
                o.put("coefficient", v.coefficient());
            }
            case ProjectOutOp p -> floats(o.putArray("vector"), p.vector());
            case AblateThenAddOp a -> {
                floats(o.putArray("vector"), a.vector());
                o.put("coefficient", a.coefficient());
            }
        }
        Positions p = e.positions();
        switch (p.kind()) {
            case ALL -> { }
            case PROMPT, GENERATED -> o.put("positions", p.toString());
            case FROM -> o.putObject("positions").put("from", p.fromPosition());
            case LIST -> {
                ArrayNode a = o.putArray("positions");
                for (int x : p.listOrNull()) a.add(x);
            }
        }
        if (e.schedule() != null) floats(o.putArray("schedule"), e.schedule().steps());
        return o;
    }

    private static void floats(ArrayNode a, float[] v) {
        for (float x : v) a.add(x);
    }
}
