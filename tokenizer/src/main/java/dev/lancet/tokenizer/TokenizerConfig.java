package dev.lancet.tokenizer;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lancet.tokenizer.json.JsonSection;

import java.util.Optional;

/**
 * What Lancet reads from tokenizer_config.json: the BOS and EOS token strings (a string, or an object
 * with {@code content}) and the raw chat template. A field that is present but null means "none";
 * an absent field leaves the choice to conventions.
 *
 * @param bos          empty when the file says null or does not exist
 * @param bosDeclared  whether the file has a {@code bos_token} field at all
 */
record TokenizerConfig(Optional<String> bos, boolean bosDeclared, Optional<String> eos, boolean eosDeclared,
                       Optional<String> chatTemplate) {
    static final TokenizerConfig ABSENT = new TokenizerConfig(Optional.empty(), false, Optional.empty(), false,
            Optional.empty());

    static TokenizerConfig read(ObjectMapper mapper, String json, String file) {
        if (json == null) return ABSENT;
        JsonSection s = JsonSection.parseObject(mapper, json, file);
        return new TokenizerConfig(token(s, "bos_token"), s.node().has("bos_token"), token(s, "eos_token"),
                s.node().has("eos_token"), chatTemplate(s));
    }

    private static Optional<String> token(JsonSection s, String field) {
        JsonSection t = s.optional(field);
        if (t == null) return Optional.empty();
        if (t.node().isTextual()) return Optional.of(t.asString());
        if (t.node().isObject()) return Optional.of(t.string("content"));
        throw t.error("expected a string or {\"content\": ...}, got " + t.brief());
    }

    private static Optional<String> chatTemplate(JsonSection s) {
        JsonSection t = s.optional("chat_template");
        if (t == null) return Optional.empty();
        if (t.node().isTextual()) return Optional.of(t.asString());
        if (t.node().isArray()) {
            for (JsonSection named : t.elements()) {
                if ("default".equals(named.string("name", null))) return Optional.of(named.string("template"));
            }
            return Optional.empty();
        }
        throw t.error("expected a string or a list of {\"name\", \"template\"}, got " + t.brief());
    }
}
