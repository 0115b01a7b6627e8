package dev.lancet.tokenizer.template;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lancet.tokenizer.Tokenizer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Rendered chat-template text encodes (without adding special tokens) to exactly the reference ids: the
 * template and the tokenizer agree end to end with transformers.js.
 */
class ChatTemplateIdsTest {
    private static final Map<String, Tokenizer> TOKENIZERS = new ConcurrentHashMap<>();

    static Stream<Arguments> referenceCases() throws Exception {
        return ChatTemplateReferenceTest.referenceCases();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("referenceCases")
    void renderedTextEncodesToReferenceIds(String name, String model, JsonNode referenceCase) {
        if (referenceCase == null) {
            Assumptions.abort("shared chat template references not found (" + name + "): set LANCET_SHARED");
        }
        String text = ChatTemplateReferenceTest.render(model, referenceCase);
        Tokenizer tokenizer = TOKENIZERS.computeIfAbsent(model,
                m -> Tokenizer.load(SharedData.require("tokenizers/" + m)));
        int[] expected = ChatTemplateReferenceTest.JSON.convertValue(referenceCase.get("ids"), int[].class);
        assertArrayEquals(expected, tokenizer.encode(text, false), name);
    }
}
