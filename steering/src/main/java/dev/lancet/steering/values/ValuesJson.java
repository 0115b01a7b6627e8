package dev.lancet.steering.values;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** The one JSON mapper of the values package: strict reading, pretty and stable writing. */
final class ValuesJson {
    static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private ValuesJson() {}

    static void write(Object value, Path file, String what) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) Files.createDirectories(parent);
            Files.writeString(file, MAPPER.writeValueAsString(value) + "\n", StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ValueDataException("cannot write " + what + " " + file + ": " + e.getMessage(), e);
        }
    }

    static String toJson(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new ValueDataException("cannot serialise " + value.getClass().getSimpleName() + ": " + e.getOriginalMessage(), e);
        }
    }

    static <T> T read(Path file, Class<T> type, String what) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ValueDataException("cannot read " + what + " " + file + ": " + e.getMessage(), e);
        }
        return parse(text, type, what + " " + file);
    }

    static <T> T parse(String text, Class<T> type, String source) {
        try {
            T value = MAPPER.readValue(text, type);
            if (value == null) throw new ValueDataException(source + ": empty JSON document");
            return value;
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")";
            throw new ValueDataException(source + where + ": " + describe(e), e);
        }
    }

    /** Jackson's message without its source excerpt, plus the JSON path. */
    private static String describe(JsonProcessingException e) {
        String msg = e.getOriginalMessage();
        Throwable cause = e.getCause();
        if (cause instanceof ValueDataException vde) msg = vde.getMessage();
        if (e instanceof com.fasterxml.jackson.databind.JsonMappingException jme && !jme.getPath().isEmpty()) {
            StringBuilder path = new StringBuilder();
            for (com.fasterxml.jackson.databind.JsonMappingException.Reference r : jme.getPath()) {
                if (r.getFieldName() != null) path.append('.').append(r.getFieldName());
                else if (r.getIndex() >= 0) path.append('[').append(r.getIndex()).append(']');
            }
            msg = "at " + (path.isEmpty() ? "$" : "$" + path) + ": " + msg;
        }
        return msg;
    }
}
