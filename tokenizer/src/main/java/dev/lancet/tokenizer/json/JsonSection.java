package dev.lancet.tokenizer.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lancet.tokenizer.TokenizerException;

import java.util.ArrayList;
import java.util.List;

/**
 * A node of a tokenizer file together with where it sits ({@code file} and a dotted {@code path}), so
 * that every typed read can fail with a message naming the file, field and value at fault.
 */
public final class JsonSection {
    private final JsonNode node;
    private final String file;
    private final String path;

    private JsonSection(JsonNode node, String file, String path) {
        this.node = node;
        this.file = file;
        this.path = path;
    }

    public static JsonSection root(JsonNode node, String file) {
        return new JsonSection(node, file, "");
    }

    /** The root of {@code json}, which must be one JSON object; malformed JSON fails naming file, line and column. */
    public static JsonSection parseObject(ObjectMapper mapper, String json, String file) {
        JsonNode root;
        try {
            root = mapper.readTree(json);
        } catch (JsonProcessingException e) {
            throw new TokenizerException(file + ": malformed JSON: " + e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr()
                    + ", column " + e.getLocation().getColumnNr()), e);
        }
        if (root == null || !root.isObject()) throw new TokenizerException(file + ": expected a JSON object");
        return root(root, file);
    }

    public JsonNode node() {
        return node;
    }

    public String file() {
        return file;
    }

    /** Dotted path of this node inside its file, e.g. {@code pre_tokenizer.pretokenizers[1]}. */
    public String path() {
        return path.isEmpty() ? "(root)" : path;
    }

    private String childPath(String name) {
        return path.isEmpty() ? name : path + "." + name;
    }

    /** True when the field is present and not JSON null. */
    public boolean has(String name) {
        JsonNode c = node.get(name);
        return c != null && !c.isNull();
    }

    /** The field, or null when absent or JSON null. */
    public JsonSection optional(String name) {
        JsonNode c = node.get(name);
        return c == null || c.isNull() ? null : new JsonSection(c, file, childPath(name));
    }

    public JsonSection required(String name) {
        JsonSection c = optional(name);
        if (c == null) throw error("missing field '" + name + "'");
        return c;
    }

    public JsonSection object(String name) {
        JsonSection c = required(name);
        if (!c.node.isObject()) throw c.error("expected an object");
        return c;
    }

    public String string(String name) {
        return required(name).asString();
    }

    public String string(String name, String orElse) {
        JsonSection c = optional(name);
        return c == null ? orElse : c.asString();
    }

    public boolean bool(String name, boolean orElse) {
        JsonSection c = optional(name);
        if (c == null) return orElse;
        if (!c.node.isBoolean()) throw c.error("expected true or false, got " + c.brief());
        return c.node.booleanValue();
    }

    public int integer(String name, int orElse) {
        JsonSection c = optional(name);
        return c == null ? orElse : c.asInt();
    }

    public int integer(String name) {
        return required(name).asInt();
    }

    /** The elements of the array field {@code name}. */
    public List<JsonSection> array(String name) {
        return required(name).elements();
    }

    /** The elements of this node, which must be an array. */
    public List<JsonSection> elements() {
        if (!node.isArray()) throw error("expected an array, got " + brief());
        List<JsonSection> out = new ArrayList<>(node.size());
        for (int i = 0; i < node.size(); i++) out.add(new JsonSection(node.get(i), file, path() + "[" + i + "]"));
        return out;
    }

    /** Element {@code i} of this array node. */
    public JsonSection element(int i) {
        if (!node.isArray() || i < 0 || i >= node.size()) throw error("no element " + i);
        return new JsonSection(node.get(i), file, path() + "[" + i + "]");
    }

    public String asString() {
        if (!node.isTextual()) throw error("expected a string, got " + brief());
        return node.textValue();
    }

    public int asInt() {
        if (!node.isIntegralNumber() || !node.canConvertToInt()) throw error("expected an integer, got " + brief());
        return node.intValue();
    }

    /** The {@code type} discriminator of a pipeline component. */
    public String type() {
        return string("type");
    }

    /** A component whose {@code type} Lancet does not implement. */
    public TokenizerException unsupported(String component) {
        String t = node.has("type") && node.get("type").isTextual() ? node.get("type").textValue() : brief();
        return new TokenizerException(file + ": " + component + " type '" + t + "' is not supported (at " + path() + ")");
    }

    public TokenizerException error(String message) {
        return new TokenizerException(file + ": " + path() + ": " + message);
    }

    /** A short rendering of this node's value for messages. */
    public String brief() {
        String s = node.toString();
        return s.length() > 60 ? s.substring(0, 57) + "..." : s;
    }
}
