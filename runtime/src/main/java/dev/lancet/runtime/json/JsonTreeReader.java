package dev.lancet.runtime.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads a JSON document into Jackson's tree ({@link JsonNode}) straight from the streaming parser, without an
 * {@code ObjectMapper}. The tree is the same as {@code ObjectMapper.readTree} gives (last duplicate key wins,
 * integers as the smallest of int/long/BigInteger nodes, other numbers as doubles), but the mapper's
 * serializer and deserializer machinery never loads: that was some 500 classes and 10-15 MB of resident
 * memory (metaspace, compiler arenas, heap) in a process whose whole budget outside weights and KV cache is
 * 64 MiB (measured, docs/ARCHITECTURE.md). Nesting depth is bounded by the parser (1000 levels).
 */
public final class JsonTreeReader {
    private static final JsonFactory FACTORY = new JsonFactory();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private JsonTreeReader() {
    }

    /** The document in {@code text}; null when it holds no value. */
    public static JsonNode read(String text) throws IOException {
        try (JsonParser p = FACTORY.createParser(text)) {
            return document(p);
        }
    }

    /** The document in {@code file}; null when it holds no value. */
    public static JsonNode read(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file); JsonParser p = FACTORY.createParser(in)) {
            return document(p);
        }
    }

    private static JsonNode document(JsonParser p) throws IOException {
        JsonToken t = p.nextToken();
        if (t == null) return null;
        JsonNode root = value(p, t);
        if (p.nextToken() != null) throw new JsonParseException(p, "trailing content after the JSON value");
        return root;
    }

    private static JsonNode value(JsonParser p, JsonToken t) throws IOException {
        return switch (t) {
            case START_OBJECT -> {
                ObjectNode o = NODES.objectNode();
                for (JsonToken k = p.nextToken(); k != JsonToken.END_OBJECT; k = p.nextToken()) {
                    String name = p.currentName();
                    o.set(name, value(p, p.nextToken()));
                }
                yield o;
            }
            case START_ARRAY -> {
                ArrayNode a = NODES.arrayNode();
                for (JsonToken e = p.nextToken(); e != JsonToken.END_ARRAY; e = p.nextToken()) a.add(value(p, e));
                yield a;
            }
            case VALUE_STRING -> NODES.textNode(p.getText());
            case VALUE_NUMBER_INT -> switch (p.getNumberType()) {
                case INT -> NODES.numberNode(p.getIntValue());
                case LONG -> NODES.numberNode(p.getLongValue());
                default -> NODES.numberNode(p.getBigIntegerValue());
            };
            case VALUE_NUMBER_FLOAT -> NODES.numberNode(p.getDoubleValue());
            case VALUE_TRUE -> NODES.booleanNode(true);
            case VALUE_FALSE -> NODES.booleanNode(false);
            case VALUE_NULL -> NODES.nullNode();
            default -> throw new JsonParseException(p, "unexpected token " + t);
        };
    }
}
