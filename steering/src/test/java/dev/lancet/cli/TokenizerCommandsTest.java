package dev.lancet.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lancet.runtime.testing.SharedData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** tokenize, detokenize, chat-template, generate --prompt and chat through the CLI. */
class TokenizerCommandsTest {
    static final ObjectMapper JSON = new ObjectMapper();

    private static String csv(JsonNode ids) {
        StringBuilder sb = new StringBuilder();
        ids.forEach(i -> sb.append(sb.isEmpty() ? "" : ",").append(i.asInt()));
        return sb.toString();
    }

    @Test
    void tokenizeAndDetokenizeMatchTheReferenceForEveryTokenizer() throws IOException {
        for (String name : List.of("smollm2", "mistral", "llama3", "qwen3", "stories260K")) {
            Path dir = name.equals("stories260K") ? SharedData.require("models/stories260K") : SharedData.require("tokenizers/" + name);
            List<String> lines = Files.readAllLines(SharedData.require("reference/tokenizers/" + name + ".jsonl"));
            for (String line : lines.subList(0, 3)) {
                JsonNode ref = JSON.readTree(line);
                CliRun plain = CliRun.of("tokenize", "--tokenizer", dir.toString(), "--json", ref.get("text").asText());
                assertEquals(0, plain.exitCode(), plain.err());
                assertEquals(ref.get("ids"), JSON.readTree(plain.out()).get("ids"), name + ": " + ref.get("text"));
                CliRun special = CliRun.of("tokenize", "--tokenizer", dir.toString(), "--add-special-tokens", "--json", ref.get("text").asText());
                assertEquals(ref.get("ids_with_special_tokens"), JSON.readTree(special.out()).get("ids"), name + " with special tokens");
                CliRun back = CliRun.of("detokenize", "--tokenizer", dir.toString(), "--ids", csv(ref.get("ids")), "--json");
                assertEquals(0, back.exitCode(), back.err());
                assertEquals(ref.get("decoded").asText(), JSON.readTree(back.out()).get("text").asText(), name + " decode");
            }
        }
    }

    @Test
    void chatTemplateRendersTheReference(@TempDir Path tmp) throws IOException {
        for (String name : List.of("llama3", "qwen3")) {
            Path dir = SharedData.require("tokenizers/" + name);
            for (String line : Files.readAllLines(SharedData.require("reference/chat_templates/" + name + ".jsonl"))) {
                JsonNode ref = JSON.readTree(line);
                Path messages = tmp.resolve("m.json");
                Files.writeString(messages, ref.get("messages").toString());
                List<String> args = new java.util.ArrayList<>(List.of("chat-template", "--tokenizer", dir.toString(), "--messages", messages.toString(), "--json"));
                if (ref.get("add_generation_prompt").asBoolean()) args.add("--add-generation-prompt");
                if (ref.has("enable_thinking")) {
                    args.add("--var");
                    args.add("enable_thinking=" + ref.get("enable_thinking").asBoolean());
                }
                CliRun r = CliRun.of(args.toArray(String[]::new));
                assertEquals(0, r.exitCode(), r.err());
                JsonNode got = JSON.readTree(r.out());
                assertEquals(ref.get("text").asText(), got.get("text").asText(), name + ": " + line);
                assertEquals(ref.get("ids"), got.get("ids"), name + " ids");
            }
        }
    }

    @Test
    void generateFromATextPromptStreamsTheStory() throws IOException {
        CliRun r = CliRun.of("generate", "--prompt", "Once upon a time", "--max-tokens", "24", "--json");
        assertEquals(0, r.exitCode(), r.err());
        JsonNode o = JSON.readTree(r.out());
        assertEquals(24, o.get("ids").size());
        assertTrue(o.get("text").asText().length() > 20, o.toString());
        CliRun stream = CliRun.of("generate", "--prompt", "Once upon a time", "--max-tokens", "24");
        assertTrue(stream.out().startsWith("Once upon a time"), stream.out());
        assertTrue(stream.out().strip().endsWith(o.get("text").asText().strip()), "streamed text equals the decoded ids: " + stream.out());
    }

    @Test
    void chatReadsTurnsFromANonTerminalStdin() {
        InputStream saved = System.in;
        try {
            System.setIn(new ByteArrayInputStream("Lily went to the park.\n/reset\nTom had a ball.\n/exit\n".getBytes(StandardCharsets.UTF_8)));
            CliRun r = CliRun.of("chat", "--max-tokens", "16");
            assertEquals(0, r.exitCode(), r.err());
            assertEquals(2, r.out().strip().split("\n").length, "two replies: " + r.out());
            assertTrue(r.err().contains("no chat_template"), r.err());
        } finally {
            System.setIn(saved);
        }
    }

    @Test
    void chatAppliesAnEditPlan(@TempDir Path tmp) throws IOException {
        Path plan = tmp.resolve("plan.json");
        Files.writeString(plan, "{\"edits\": [{\"site\": \"mlp.neurons\", \"layers\": \"all\", \"op\": \"scale\", \"factor\": 0.0}]}");
        InputStream saved = System.in;
        try {
            System.setIn(new ByteArrayInputStream("Lily went to the park.\n".getBytes(StandardCharsets.UTF_8)));
            CliRun plain = CliRun.of("chat", "--max-tokens", "12");
            System.setIn(new ByteArrayInputStream("Lily went to the park.\n".getBytes(StandardCharsets.UTF_8)));
            CliRun edited = CliRun.of("chat", "--max-tokens", "12", "--edits", plan.toString());
            assertEquals(0, edited.exitCode(), edited.err());
            assertTrue(!plain.out().equals(edited.out()), "ablating every MLP neuron changes the reply: " + plain.out() + " / " + edited.out());
        } finally {
            System.setIn(saved);
        }
    }

    @Test
    void badTokenizerInputs(@TempDir Path tmp) throws IOException {
        Files.writeString(tmp.resolve("tokenizer.json"), "{\"model\": {\"type\": \"Unigram\"");
        CliRun r = CliRun.of("tokenize", "--tokenizer", tmp.toString(), "hello");
        assertEquals(2, r.exitCode());
        assertTrue(r.err().contains("tokenizer.json"), r.err());
        CliRun ids = CliRun.of("detokenize", "--tokenizer", SharedData.embeddedModel().toString(), "--ids", "1,99999");
        assertEquals(2, ids.exitCode());
        assertTrue(ids.err().contains("99999"), ids.err());
    }
}
