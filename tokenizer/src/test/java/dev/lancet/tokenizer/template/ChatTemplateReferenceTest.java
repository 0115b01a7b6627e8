package dev.lancet.tokenizer.template;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every conversation in shared/reference/chat_templates/{llama3,qwen3}.jsonl renders to exactly the reference
 * text, which {@code @huggingface/jinja} produced from the same tokenizer_config.json.
 */
class ChatTemplateReferenceTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final List<String> MODELS = List.of("llama3", "qwen3");
    /** Fields of a reference case that are not template variables. */
    private static final Set<String> NOT_VARIABLES = Set.of("messages", "add_generation_prompt", "text", "ids");

    /** One Arguments per jsonl line: (display name, model, case JSON); a single abort marker without shared/. */
    static Stream<Arguments> referenceCases() throws IOException {
        if (SharedData.root().isEmpty()) {
            return Stream.of(Arguments.of("shared data missing", null, null));
        }
        List<Arguments> cases = new ArrayList<>();
        for (String model : MODELS) {
            Path file = SharedData.root().get().resolve("reference/chat_templates/" + model + ".jsonl");
            if (!Files.exists(file)) {
                cases.add(Arguments.of(model + " reference missing", model, null));
                continue;
            }
            List<String> lines = Files.readAllLines(file);
            for (int i = 0; i < lines.size(); i++) {
                if (!lines.get(i).isBlank()) {
                    cases.add(Arguments.of(model + " case " + (i + 1), model, JSON.readTree(lines.get(i))));
                }
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("referenceCases")
    void rendersReferenceText(String name, String model, JsonNode referenceCase) {
        if (referenceCase == null) {
            Assumptions.abort("shared chat template references not found (" + name + "): set LANCET_SHARED");
        }
        assertEquals(referenceCase.get("text").textValue(), render(model, referenceCase), name);
    }

    static String render(String model, JsonNode referenceCase) {
        Path config = SharedData.require("tokenizers/" + model + "/tokenizer_config.json");
        ChatTemplateRenderer renderer = ChatTemplateRenderer.fromTokenizerConfig(config);
        return renderer.render(messages(referenceCase), referenceCase.get("add_generation_prompt").booleanValue(),
                extraVariables(referenceCase));
    }

    static List<Map<String, Object>> messages(JsonNode referenceCase) {
        List<Map<String, Object>> messages = new ArrayList<>();
        for (JsonNode m : referenceCase.get("messages")) {
            messages.add(JSON.convertValue(m, JSON.getTypeFactory().constructMapType(LinkedHashMap.class,
                    String.class, Object.class)));
        }
        return messages;
    }

    static Map<String, Object> extraVariables(JsonNode referenceCase) {
        Map<String, Object> extra = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> field : referenceCase.properties()) {
            if (!NOT_VARIABLES.contains(field.getKey())) {
                extra.put(field.getKey(), field.getValue());
            }
        }
        return extra;
    }
}
