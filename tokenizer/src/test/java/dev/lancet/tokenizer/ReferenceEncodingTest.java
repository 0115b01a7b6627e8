package dev.lancet.tokenizer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Every reference string x every shared tokenizer against shared/reference/tokenizers (computed by an
 * independent implementation): ids, ids with special tokens, decoded text, streaming decode, and
 * for byte-level tokenizers the round trip. The reference {@code decoded} keeps special tokens (the
 * chat-markup string decodes back to its {@code <|im_start|>} for qwen3 and smollm2), so decode runs
 * with skipSpecialTokens=false.
 */
class ReferenceEncodingTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private record Case(String text, int[] ids, int[] idsWithSpecial, String decoded) {
    }

    private static List<Case> cases(String name) throws IOException {
        Path file = SharedTokenizers.require("reference/tokenizers/" + name + ".jsonl");
        List<Case> out = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            if (line.isBlank()) continue;
            JsonNode n = JSON.readTree(line);
            out.add(new Case(n.get("text").textValue(), JSON.treeToValue(n.get("ids"), int[].class),
                    JSON.treeToValue(n.get("ids_with_special_tokens"), int[].class), n.get("decoded").textValue()));
        }
        return out;
    }

    private static String label(int i, String text) {
        String t = text.replace("\n", "\\n").replace("\t", "\\t");
        return "#" + i + " \"" + (t.length() > 40 ? t.substring(0, 37) + "..." : t) + "\"";
    }

    @TestFactory
    List<DynamicNode> referenceCases() throws IOException {
        SharedTokenizers.require("reference/tokenizers");
        List<DynamicNode> perTokenizer = new ArrayList<>();
        for (String name : SharedTokenizers.DIRS.keySet()) {
            List<Case> cases = cases(name);
            List<DynamicNode> perCase = new ArrayList<>();
            for (int i = 0; i < cases.size(); i++) {
                Case c = cases.get(i);
                List<DynamicTest> checks = new ArrayList<>();
                checks.add(DynamicTest.dynamicTest("ids", () ->
                        assertArrayEquals(c.ids(), SharedTokenizers.tokenizer(name).encode(c.text(), false))));
                checks.add(DynamicTest.dynamicTest("ids_with_special_tokens", () ->
                        assertArrayEquals(c.idsWithSpecial(), SharedTokenizers.tokenizer(name).encode(c.text(), true))));
                checks.add(DynamicTest.dynamicTest("decoded", () ->
                        assertEquals(c.decoded(), SharedTokenizers.tokenizer(name).decode(c.ids(), false))));
                checks.add(DynamicTest.dynamicTest("streaming decode", () -> {
                    StreamingDecoder s = SharedTokenizers.tokenizer(name).newStreamingDecoder(false);
                    StringBuilder sb = new StringBuilder();
                    for (int id : c.ids()) sb.append(s.accept(id));
                    sb.append(s.finish());
                    assertEquals(c.decoded(), sb.toString());
                }));
                if (SharedTokenizers.BYTE_LEVEL.contains(name)) {
                    checks.add(DynamicTest.dynamicTest("round trip", () -> {
                        Tokenizer t = SharedTokenizers.tokenizer(name);
                        assertEquals(c.text(), t.decode(t.encode(c.text(), false), false));
                    }));
                }
                perCase.add(DynamicContainer.dynamicContainer(label(i, c.text()), checks));
            }
            perTokenizer.add(DynamicContainer.dynamicContainer(name, perCase));
        }
        return perTokenizer;
    }

    @Test
    void referenceFilesCoverTheWholeCorpus() throws IOException {
        String[] corpus = JSON.readValue(SharedTokenizers.require("reference/tokenizers/corpus.json").toFile(),
                String[].class);
        for (String name : SharedTokenizers.DIRS.keySet()) {
            List<Case> cases = cases(name);
            assertEquals(corpus.length, cases.size(), name);
            for (int i = 0; i < corpus.length; i++) assertEquals(corpus[i], cases.get(i).text(), name + " #" + i);
        }
    }

    @Test
    void specialTokensAndConfigOfSharedTokenizers() {
        Map<String, String[]> bosEos = Map.of(
                "mistral", new String[] {"<s>", "</s>"},
                "llama3", new String[] {"<|begin_of_text|>", "<|end_of_text|>"},
                "stories260K", new String[] {"<s>", "</s>"});
        for (var e : bosEos.entrySet()) {
            Tokenizer t = SharedTokenizers.tokenizer(e.getKey());
            assertEquals(e.getValue()[0], t.bosToken().orElseThrow(), e.getKey());
            assertEquals(e.getValue()[1], t.eosToken().orElseThrow(), e.getKey());
            assertEquals(e.getValue()[0], t.idToToken(t.bosTokenId().orElseThrow()));
            assertEquals(e.getValue()[1], t.idToToken(t.eosTokenId().orElseThrow()));
        }
        // qwen3's tokenizer_config.json says bos_token null and eos_token <|im_end|>.
        Tokenizer qwen = SharedTokenizers.tokenizer("qwen3");
        assertEquals(true, qwen.bosToken().isEmpty());
        assertEquals("<|im_end|>", qwen.eosToken().orElseThrow());
        assertEquals(true, qwen.chatTemplateSource().orElseThrow().contains("<|im_start|>"));
        assertEquals(true, SharedTokenizers.tokenizer("llama3").chatTemplateSource().isPresent());
        assertEquals(true, SharedTokenizers.tokenizer("mistral").chatTemplateSource().isEmpty());
        // Vocabulary sizes as the README states them, plus the added tokens above them.
        assertEquals(128256, SharedTokenizers.tokenizer("llama3").vocabSize());
        assertEquals(32000, SharedTokenizers.tokenizer("mistral").vocabSize());
        assertEquals(512, SharedTokenizers.tokenizer("stories260K").vocabSize());
        assertEquals(true, qwen.isSpecial(qwen.tokenToId("<|im_start|>").orElseThrow()));
        assertEquals(false, qwen.isSpecial(qwen.tokenToId("<think>").orElseThrow()));
    }
}
