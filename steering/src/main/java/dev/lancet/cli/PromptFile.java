package dev.lancet.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.lancet.runtime.LancetException;
import dev.lancet.tokenizer.Tokenizer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The prompts file of {@code lancet record}: either one prompt per line (blank lines skipped), or, when the first
 * non-blank line starts with '{', JSON Lines with per line {@code {"text": "..."}} (encoded with the model's
 * tokenizer, special tokens such as BOS added as the tokenizer says) or {@code {"ids": [1, 403, ...]}} (token ids as
 * they are). Errors name the file and line.
 */
final class PromptFile {
    private PromptFile() {
    }

    /** The token ids of every prompt, in file order. {@code tokenizer} may be null when every line gives ids. */
    static List<int[]> read(Path file, Tokenizer tokenizer) {
        if (!Files.isRegularFile(file)) throw new LancetException("prompts file " + file + " does not exist");
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new LancetException(file + ": cannot read: " + e.getMessage());
        }
        boolean jsonl = lines.stream().filter(l -> !l.isBlank()).findFirst().map(l -> l.stripLeading().startsWith("{")).orElse(false);
        List<int[]> out = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank()) continue;
            String where = file + " line " + (i + 1);
            int[] ids = jsonl ? jsonLine(where, line, tokenizer) : encode(where, line, tokenizer);
            if (ids.length == 0) throw new LancetException(where + ": the prompt has no tokens");
            out.add(ids);
        }
        if (out.isEmpty()) throw new LancetException(file + ": no prompts");
        return out;
    }

    private static int[] jsonLine(String where, String line, Tokenizer tokenizer) {
        JsonNode n;
        try {
            n = Json.MAPPER.readTree(line);
        } catch (JsonProcessingException e) {
            throw new LancetException(where + ": not valid JSON: " + e.getOriginalMessage());
        }
        if (n == null || !n.isObject()) throw new LancetException(where + ": expected an object with \"text\" or \"ids\"");
        JsonNode text = n.get("text"), ids = n.get("ids");
        if ((text == null) == (ids == null)) throw new LancetException(where + ": give exactly one of \"text\" or \"ids\"");
        if (text != null) {
            if (!text.isTextual()) throw new LancetException(where + ": \"text\" must be a string");
            return encode(where, text.asText(), tokenizer);
        }
        if (!ids.isArray()) throw new LancetException(where + ": \"ids\" must be a list of token ids");
        int[] out = new int[ids.size()];
        for (int k = 0; k < out.length; k++) {
            JsonNode e = ids.get(k);
            if (!e.isIntegralNumber() || !e.canConvertToInt() || e.asInt() < 0) throw new LancetException(where + ": \"ids\" entry " + k + " (" + e + ") is not a token id");
            out[k] = e.asInt();
        }
        return out;
    }

    private static int[] encode(String where, String text, Tokenizer tokenizer) {
        if (tokenizer == null) throw new LancetException(where + ": text prompts need the model's tokenizer.json; give {\"ids\": [...]} lines instead");
        return tokenizer.encode(text, true);
    }
}
