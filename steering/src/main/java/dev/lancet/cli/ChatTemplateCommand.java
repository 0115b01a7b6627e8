package dev.lancet.cli;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.lancet.runtime.LancetException;
import dev.lancet.tokenizer.Tokenizer;
import dev.lancet.tokenizer.template.ChatTemplateRenderer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "chat-template", description = "Render the tokenizer's chat_template for a conversation: {\"text\": ..., \"ids\": [...]} with --json.")
final class ChatTemplateCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;
    @Spec
    CommandSpec spec;

    @Option(names = "--tokenizer", required = true, paramLabel = "DIR", description = "Directory with tokenizer.json and tokenizer_config.json.")
    Path tokenizer;

    @Option(names = "--messages", required = true, paramLabel = "FILE.json",
            description = "A JSON list of {\"role\", \"content\"} messages, or an object with a \"messages\" list.")
    Path messagesFile;

    @Option(names = "--add-generation-prompt", description = "End with the assistant prompt.")
    boolean addGenerationPrompt;

    @Option(names = "--var", paramLabel = "NAME=VALUE", description = "Extra template variable; VALUE is parsed as JSON where it parses (true, 3), else a string.")
    List<String> vars = new ArrayList<>();

    @Override
    public Integer call() {
        Tokenizer tok = Tokenizer.load(tokenizer);
        String source = tok.chatTemplateSource()
                .orElseThrow(() -> new LancetException(tokenizer.resolve("tokenizer_config.json") + ": no chat_template"));
        List<Map<String, Object>> messages = readMessages(messagesFile);
        String text = ChatTemplateRenderer.of(source, tok.bosToken().orElse(null), tok.eosToken().orElse(null))
                .render(messages, addGenerationPrompt, TemplateVariables.parse(vars));
        int[] ids = tok.encode(text, false);
        PrintWriter out = spec.commandLine().getOut();
        if (common.json) {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("text", text);
            o.put("ids", ids);
            Json.print(out, o);
        } else {
            out.print(text);
            out.flush();
        }
        return 0;
    }

    static List<Map<String, Object>> readMessages(Path file) {
        Object root;
        try {
            root = Json.MAPPER.readValue(Files.readString(file), Object.class);
        } catch (IOException e) {
            throw new LancetException(file + ": cannot read messages: " + e.getMessage());
        }
        if (root instanceof Map<?, ?> m && m.get("messages") != null) root = m.get("messages");
        if (!(root instanceof List<?> list)) throw new LancetException(file + ": expected a JSON list of messages");
        List<Map<String, Object>> out = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            if (!(list.get(i) instanceof Map<?, ?> m) || !(m.get("role") instanceof String)) {
                throw new LancetException(file + ": message " + i + " needs a string field 'role'");
            }
            out.add(Json.MAPPER.convertValue(m, new TypeReference<LinkedHashMap<String, Object>>() { }));
        }
        return out;
    }
}
