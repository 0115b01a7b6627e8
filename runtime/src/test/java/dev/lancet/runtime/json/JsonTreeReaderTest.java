package dev.lancet.runtime.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The streaming tree reader gives the tree ObjectMapper.readTree gives, node types included, and rejects what it must. */
class JsonTreeReaderTest {
    @ParameterizedTest
    @ValueSource(strings = {
            "{\"a\":1,\"b\":[1,2.5,-3e-2,\"x\"],\"c\":{\"d\":null,\"e\":true,\"f\":false},\"g\":\"\\u00e9\\n\"}",
            "{\"big\":12345678901,\"bigger\":123456789012345678901234567890,\"neg\":-2147483649,\"int\":2147483647}",
            "[[],{},[{}],\"\",0,-0,0.0,1E400]",
            "{\"dup\":1,\"dup\":2}",
            "  \"just a string\"  ",
            "{\"model.layers.0.mlp.down_proj.weight\":{\"dtype\":\"BF16\",\"shape\":[576,1536],\"data_offsets\":[0,1769472]},"
                    + "\"__metadata__\":{\"format\":\"pt\"}}"
    })
    void sameTreeAsObjectMapper(String json) throws IOException {
        JsonNode want = new ObjectMapper().readTree(json), got = JsonTreeReader.read(json);
        assertEquals(want, got);
        assertEquals(want.toString(), got.toString());
        assertEquals(nodeTypes(want), nodeTypes(got), "node classes (int vs long vs BigInteger vs double)");
    }

    private static String nodeTypes(JsonNode n) {
        StringBuilder b = new StringBuilder(n.getClass().getSimpleName());
        n.forEach(c -> b.append('(').append(nodeTypes(c)).append(')'));
        return b.toString();
    }

    @Test
    void readsAFile(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("config.json");
        Files.writeString(f, "{\"hidden_size\": 576, \"rope_theta\": 10000.0}");
        JsonNode n = JsonTreeReader.read(f);
        assertEquals(576, n.get("hidden_size").asInt());
        assertEquals(10000.0, n.get("rope_theta").asDouble());
    }

    @Test
    void emptyDocumentIsNull() throws IOException {
        assertNull(JsonTreeReader.read("   "));
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"a\":1", "{\"a\":1}}", "{\"a\":1} x", "[1,2", "{\"a\" 1}", "{a:1}", "[1,]"})
    void malformedOrTrailingContentIsRejected(String json) {
        assertThrows(JsonProcessingException.class, () -> JsonTreeReader.read(json), json);
    }

    @Test
    void nestingBeyondTheParserLimitIsAnErrorNotAStackOverflow() {
        String deep = "[".repeat(100_000) + "]".repeat(100_000);
        JsonProcessingException e = assertThrows(JsonProcessingException.class, () -> JsonTreeReader.read(deep));
        assertTrue(e.getMessage().toLowerCase().contains("depth"), e.getMessage());
    }
}
