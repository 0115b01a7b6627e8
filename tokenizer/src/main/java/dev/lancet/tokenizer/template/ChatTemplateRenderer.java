package dev.lancet.tokenizer.template;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Renders conversations with a model's chat template, as transformers' {@code apply_chat_template(...,
 * tokenize=False)} does: variables {@code messages}, {@code add_generation_prompt}, the special tokens
 * ({@code bos_token}, {@code eos_token}, and from a config also {@code unk_token}, {@code pad_token}...) and any
 * extra variables (e.g. {@code enable_thinking}, {@code tools}).
 */
public final class ChatTemplateRenderer {
    private static final List<String> SPECIAL_TOKENS =
            List.of("bos_token", "eos_token", "unk_token", "sep_token", "pad_token", "cls_token", "mask_token");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ChatTemplate template;
    private final Map<String, String> specialTokens;

    private ChatTemplateRenderer(ChatTemplate template, Map<String, String> specialTokens) {
        this.template = template;
        this.specialTokens = Map.copyOf(specialTokens);
    }

    /**
     * Reads {@code chat_template} (a string, or a list of {@code {name, template}} of which "default" is used)
     * and the special tokens (a string or an {@code {"content": ...}} object) from a tokenizer_config.json. A
     * config without a chat_template falls back to a {@code chat_template.jinja} file beside it (where newer
     * transformers versions save it).
     *
     * @throws TemplateException naming the file and field when the config is unreadable, has no chat template,
     *     or the template does not parse
     */
    public static ChatTemplateRenderer fromTokenizerConfig(Path tokenizerConfigJson) {
        JsonNode config;
        try {
            config = JSON.readTree(tokenizerConfigJson.toFile());
        } catch (JacksonException e) {
            throw new TemplateException(tokenizerConfigJson + " is not valid JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new TemplateException("cannot read " + tokenizerConfigJson + ": " + e, e);
        }
        if (config == null || !config.isObject()) {
            throw new TemplateException(tokenizerConfigJson + " must hold a JSON object");
        }
        String origin = tokenizerConfigJson + " field chat_template";
        String source = templateSource(config.get("chat_template"), tokenizerConfigJson);
        if (source == null) {
            Path sibling = tokenizerConfigJson.resolveSibling("chat_template.jinja");
            try {
                source = Files.readString(sibling);
                origin = sibling.toString();
            } catch (NoSuchFileException e) {
                throw new TemplateException(tokenizerConfigJson + " has no chat_template (and there is no "
                        + "chat_template.jinja beside it): this tokenizer defines no chat format");
            } catch (IOException e) {
                throw new TemplateException("cannot read " + sibling + ": " + e, e);
            }
        }
        Map<String, String> tokens = new LinkedHashMap<>();
        for (String name : SPECIAL_TOKENS) {
            String token = tokenContent(config.get(name), tokenizerConfigJson, name);
            if (token != null) {
                tokens.put(name, token);
            }
        }
        try {
            return new ChatTemplateRenderer(ChatTemplate.compile(source), tokens);
        } catch (TemplateException e) {
            throw e.within(origin);
        }
    }

    /** A renderer for a template given as text; null tokens are left undefined. */
    public static ChatTemplateRenderer of(String templateSource, String bosTokenOrNull, String eosTokenOrNull) {
        Map<String, String> tokens = new LinkedHashMap<>();
        if (bosTokenOrNull != null) {
            tokens.put("bos_token", bosTokenOrNull);
        }
        if (eosTokenOrNull != null) {
            tokens.put("eos_token", eosTokenOrNull);
        }
        return new ChatTemplateRenderer(ChatTemplate.compile(templateSource), tokens);
    }

    /**
     * Renders a conversation. Each message is a map such as {@code {"role": "user", "content": "Hi"}} (and
     * optionally {@code tool_calls}, {@code reasoning_content}...).
     *
     * @param extraVariables more template variables (may be null); they may override the special tokens but
     *     not {@code messages} or {@code add_generation_prompt}
     * @throws IllegalArgumentException if extraVariables names messages or add_generation_prompt
     * @throws TemplateException for a rendering error or the template's own raise_exception
     */
    public String render(List<? extends Map<String, ?>> messages, boolean addGenerationPrompt,
            Map<String, ?> extraVariables) {
        Map<String, Object> variables = new LinkedHashMap<>(specialTokens);
        if (extraVariables != null) {
            for (String reserved : List.of("messages", "add_generation_prompt")) {
                if (extraVariables.containsKey(reserved)) {
                    throw new IllegalArgumentException("extra variable '" + reserved
                            + "' clashes with the renderer's own; pass it as the method argument");
                }
            }
            variables.putAll(extraVariables);
        }
        variables.put("messages", messages == null ? new ArrayList<>() : messages);
        variables.put("add_generation_prompt", addGenerationPrompt);
        return template.render(variables);
    }

    /** The special token values this renderer passes (bos_token, eos_token...). */
    public Map<String, String> specialTokens() {
        return specialTokens;
    }

    private static String templateSource(JsonNode node, Path file) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (node.isTextual()) {
            return node.textValue();
        }
        if (node.isArray()) {
            List<String> names = new ArrayList<>();
            for (JsonNode entry : node) {
                JsonNode name = entry.get("name");
                JsonNode template = entry.get("template");
                if (name == null || !name.isTextual() || template == null || !template.isTextual()) {
                    throw new TemplateException(file + " field chat_template: each list entry needs string "
                            + "fields 'name' and 'template'");
                }
                if (name.textValue().equals("default")) {
                    return template.textValue();
                }
                names.add(name.textValue());
            }
            throw new TemplateException(file + " field chat_template lists templates " + names
                    + " but none named 'default'");
        }
        throw new TemplateException(file + " field chat_template must be a string or a list of "
                + "{name, template}, got " + node.getNodeType());
    }

    private static String tokenContent(JsonNode node, Path file, String field) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (node.isTextual()) {
            return node.textValue();
        }
        if (node.isObject() && node.get("content") != null && node.get("content").isTextual()) {
            return node.get("content").textValue();
        }
        throw new TemplateException(file + " field " + field + " must be a string or an object with a string "
                + "'content', got " + node);
    }
}
