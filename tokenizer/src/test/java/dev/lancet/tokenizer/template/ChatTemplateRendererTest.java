package dev.lancet.tokenizer.template;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading chat templates from tokenizer_config.json, and the real templates in shared/. */
class ChatTemplateRendererTest {
    private static final List<Map<String, Object>> HELLO = List.of(Map.of("role", "user", "content", "Hi"));

    @TempDir
    Path dir;

    /** A map that keeps insertion order, as template mappings (and JSON objects) do. */
    private static Map<String, Object> ordered(Object... keyValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            m.put((String) keyValues[i], keyValues[i + 1]);
        }
        return m;
    }

    private Path config(String json) throws IOException {
        Path file = dir.resolve("tokenizer_config.json");
        Files.writeString(file, json);
        return file;
    }

    @Test
    void readsStringTemplateAndTokenObjects() throws IOException {
        Path file = config("{\"chat_template\": \"{{ bos_token }}{% for m in messages %}{{ m.content }}{% endfor %}"
                + "{% if add_generation_prompt %}>{% endif %}{{ eos_token }}{{ unk_token }}\","
                + " \"bos_token\": {\"__type\": \"AddedToken\", \"content\": \"<s>\"}, \"eos_token\": \"</s>\","
                + " \"unk_token\": null}");
        ChatTemplateRenderer r = ChatTemplateRenderer.fromTokenizerConfig(file);
        assertEquals("<s>Hi></s>", r.render(HELLO, true, null));
        assertEquals("<s>Hi</s>", r.render(HELLO, false, Map.of()));
        assertEquals(Map.of("bos_token", "<s>", "eos_token", "</s>"), r.specialTokens());
    }

    @Test
    void usesTheDefaultOfNamedTemplates() throws IOException {
        Path file = config("{\"chat_template\": [{\"name\": \"tool_use\", \"template\": \"T\"},"
                + " {\"name\": \"default\", \"template\": \"D{{ messages | length }}\"}]}");
        assertEquals("D1", ChatTemplateRenderer.fromTokenizerConfig(file).render(HELLO, false, null));
    }

    @Test
    void namedTemplatesWithoutDefaultAreAnError() throws IOException {
        Path file = config("{\"chat_template\": [{\"name\": \"tool_use\", \"template\": \"T\"}]}");
        TemplateException e = assertThrows(TemplateException.class, () -> ChatTemplateRenderer.fromTokenizerConfig(file));
        assertTrue(e.getMessage().contains("default") && e.getMessage().contains("tool_use"), e.getMessage());
    }

    @Test
    void missingTemplateIsAClearError() throws IOException {
        Path file = config("{\"bos_token\": \"<s>\"}");
        TemplateException e = assertThrows(TemplateException.class, () -> ChatTemplateRenderer.fromTokenizerConfig(file));
        assertTrue(e.getMessage().contains("no chat_template") && e.getMessage().contains(file.toString()),
                e.getMessage());
    }

    @Test
    void fallsBackToChatTemplateJinjaBesideTheConfig() throws IOException {
        Path file = config("{\"eos_token\": \"<e>\"}");
        Files.writeString(dir.resolve("chat_template.jinja"), "{{ messages[0].content }}{{ eos_token }}\n");
        assertEquals("Hi<e>", ChatTemplateRenderer.fromTokenizerConfig(file).render(HELLO, false, null));
    }

    @Test
    void syntaxErrorNamesTheFileAndLine() throws IOException {
        Path file = config("{\"chat_template\": \"ok\\n{% if x %}\"}");
        TemplateException e = assertThrows(TemplateException.class, () -> ChatTemplateRenderer.fromTokenizerConfig(file));
        assertEquals(2, e.line());
        assertTrue(e.getMessage().contains("chat_template") && e.getMessage().contains(file.toString()), e.getMessage());
    }

    @Test
    void malformedConfigIsAClearError() throws IOException {
        Path file = config("{\"chat_template\": ");
        TemplateException e = assertThrows(TemplateException.class, () -> ChatTemplateRenderer.fromTokenizerConfig(file));
        assertTrue(e.getMessage().contains("not valid JSON"), e.getMessage());
        Path bad = config("{\"chat_template\": 3}");
        assertThrows(TemplateException.class, () -> ChatTemplateRenderer.fromTokenizerConfig(bad));
    }

    @Test
    void extraVariablesMayNotReplaceMessages() {
        ChatTemplateRenderer r = ChatTemplateRenderer.of("{{ x }}", null, null);
        assertEquals("1", r.render(HELLO, false, Map.of("x", 1)));
        assertThrows(IllegalArgumentException.class, () -> r.render(HELLO, false, Map.of("messages", List.of())));
    }

    @Test
    void realTemplatesParseAndOthersHaveNone() {
        for (String model : List.of("llama3", "qwen3")) {
            ChatTemplateRenderer.fromTokenizerConfig(SharedData.require("tokenizers/" + model + "/tokenizer_config.json"));
        }
        for (String config : List.of("tokenizers/mistral/tokenizer_config.json",
                "models/stories260K/tokenizer_config.json")) {
            Path file = SharedData.require(config);
            TemplateException e = assertThrows(TemplateException.class, () -> ChatTemplateRenderer.fromTokenizerConfig(file));
            assertTrue(e.getMessage().contains("no chat_template"), e.getMessage());
        }
        assertFalse(Files.exists(SharedData.require("tokenizers/smollm2").resolve("tokenizer_config.json")));
    }

    @Test
    void qwen3RendersToolCallsToolResponsesAndThinking() {
        ChatTemplateRenderer qwen = ChatTemplateRenderer.fromTokenizerConfig(
                SharedData.require("tokenizers/qwen3/tokenizer_config.json"));
        List<Map<String, Object>> messages = List.of(
                ordered("role", "system", "content", "Be terse."),
                ordered("role", "user", "content", "Weather in Paris?"),
                ordered("role", "assistant", "content", "", "tool_calls", List.of(ordered("type", "function",
                        "function", ordered("name", "get_weather", "arguments", ordered("city", "Paris"))))),
                ordered("role", "tool", "content", "{\"temp\": 20}"),
                ordered("role", "tool", "content", "sunny"),
                ordered("role", "assistant", "content", "<think>\nIt is warm.\n</think>\n\n20 degrees."));
        List<Map<String, Object>> tools = List.of(ordered("type", "function", "function", ordered("name", "get_weather")));
        String text = qwen.render(messages, true, Map.of("tools", tools));
        String expected = "<|im_start|>system\nBe terse.\n\n# Tools\n\nYou may call one or more functions to assist"
                + " with the user query.\n\nYou are provided with function signatures within <tools></tools> XML tags:\n"
                + "<tools>\n{\"type\": \"function\", \"function\": {\"name\": \"get_weather\"}}\n</tools>\n\n"
                + "For each function call, return a json object with function name and arguments within"
                + " <tool_call></tool_call> XML tags:\n<tool_call>\n{\"name\": <function-name>, \"arguments\":"
                + " <args-json-object>}\n</tool_call><|im_end|>\n"
                + "<|im_start|>user\nWeather in Paris?<|im_end|>\n"
                + "<|im_start|>assistant\n<tool_call>\n{\"name\": \"get_weather\", \"arguments\": {\"city\": \"Paris\"}}\n</tool_call><|im_end|>\n"
                + "<|im_start|>user\n<tool_response>\n{\"temp\": 20}\n</tool_response>\n<tool_response>\nsunny\n"
                + "</tool_response><|im_end|>\n"
                + "<|im_start|>assistant\n<think>\nIt is warm.\n</think>\n\n20 degrees.<|im_end|>\n"
                + "<|im_start|>assistant\n";
        assertEquals(expected, text);
    }

    @Test
    void qwen3DropsOldReasoningAndHonoursEnableThinking() {
        ChatTemplateRenderer qwen = ChatTemplateRenderer.fromTokenizerConfig(
                SharedData.require("tokenizers/qwen3/tokenizer_config.json"));
        List<Map<String, Object>> messages = List.of(
                Map.of("role", "user", "content", "a"),
                Map.of("role", "assistant", "content", "<think>\nold\n</think>\n\nb"),
                Map.of("role", "user", "content", "c"));
        assertEquals("<|im_start|>user\na<|im_end|>\n<|im_start|>assistant\nb<|im_end|>\n"
                + "<|im_start|>user\nc<|im_end|>\n<|im_start|>assistant\n<think>\n\n</think>\n\n",
                qwen.render(messages, true, Map.of("enable_thinking", false)));
    }
}
