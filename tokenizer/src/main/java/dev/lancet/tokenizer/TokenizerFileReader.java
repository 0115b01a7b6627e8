package dev.lancet.tokenizer;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lancet.tokenizer.decode.Decoder;
import dev.lancet.tokenizer.decode.DecoderReader;
import dev.lancet.tokenizer.decode.SpaceJoinDecoder;
import dev.lancet.tokenizer.json.JsonSection;
import dev.lancet.tokenizer.model.BpeModel;
import dev.lancet.tokenizer.model.BpeReader;
import dev.lancet.tokenizer.normalize.Normalizer;
import dev.lancet.tokenizer.normalize.NormalizerReader;
import dev.lancet.tokenizer.postprocess.PostProcessor;
import dev.lancet.tokenizer.postprocess.PostProcessorReader;
import dev.lancet.tokenizer.pretokenize.PreTokenizer;
import dev.lancet.tokenizer.pretokenize.PreTokenizerReader;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads tokenizer.json into a {@link Tokenizer}. {@code truncation} and {@code padding} are ignored:
 * they configure batching, which transformers also overrides per call.
 */
final class TokenizerFileReader {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private TokenizerFileReader() {
    }

    static Tokenizer load(Path dir) {
        Path json = dir.resolve("tokenizer.json");
        if (!Files.isRegularFile(json)) throw new TokenizerException(dir + ": no tokenizer.json in this directory");
        Path cfg = dir.resolve("tokenizer_config.json");
        String config = Files.isRegularFile(cfg) ? readString(cfg) : null;
        return build(readString(json), config, json.toString(), cfg.toString());
    }

    static Tokenizer fromJson(String tokenizerJson, String configJson, String source) {
        String name = source == null ? "tokenizer" : source;
        String jsonLabel = name.endsWith(".json") ? name : name + "/tokenizer.json";
        String configLabel = name.endsWith(".json") ? name + " (tokenizer_config.json)" : name + "/tokenizer_config.json";
        return build(tokenizerJson, configJson, jsonLabel, configLabel);
    }

    private static String readString(Path p) {
        try {
            return Files.readString(p, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new TokenizerException(p + ": cannot read: " + e.getMessage(), e);
        }
    }

    private static Tokenizer build(String json, String configJson, String file, String configFile) {
        if (json == null) throw new TokenizerException(file + ": no content");
        JsonSection s = JsonSection.parseObject(MAPPER, json, file);

        Normalizer normalizer = s.has("normalizer") ? NormalizerReader.read(s.required("normalizer")) : null;
        PreTokenizer preTokenizer = s.has("pre_tokenizer") ? PreTokenizerReader.read(s.required("pre_tokenizer")) : null;
        BpeModel model = BpeReader.read(s.object("model"));
        Decoder decoder = s.has("decoder") ? DecoderReader.read(s.required("decoder")) : new SpaceJoinDecoder();

        List<AddedToken> added = s.has("added_tokens") ? readAddedTokens(s.required("added_tokens")) : List.of();
        int size = 0;
        for (int id : model.vocab().values()) size = Math.max(size, id + 1);
        for (AddedToken t : added) size = Math.max(size, t.id() + 1);
        String[] tokens = new String[size];
        boolean[] special = new boolean[size];
        for (Map.Entry<String, Integer> e : model.vocab().entrySet()) tokens[e.getValue()] = e.getKey();
        Map<String, Integer> addedIds = new HashMap<>();
        List<AddedToken> raw = new ArrayList<>();
        List<AddedToken> normalizedTokens = new ArrayList<>();
        List<String> normalizedPatterns = new ArrayList<>();
        for (AddedToken t : added) {
            addedIds.put(t.content(), t.id());
            tokens[t.id()] = t.content();
            special[t.id()] = t.special();
            if (t.normalized() && normalizer != null) {
                normalizedTokens.add(t);
                normalizedPatterns.add(normalizer.normalize(t.content()));
            } else if (t.normalized()) {
                normalizedTokens.add(t);
                normalizedPatterns.add(t.content());
            } else {
                raw.add(t);
            }
        }
        AddedTokenMatcher rawMatcher = raw.isEmpty() ? null
                : new AddedTokenMatcher(raw, raw.stream().map(AddedToken::content).toList());
        AddedTokenMatcher normalizedMatcher = normalizedTokens.isEmpty() ? null
                : new AddedTokenMatcher(normalizedTokens, normalizedPatterns);

        PostProcessor post = PostProcessorReader.identity();
        if (s.has("post_processor")) {
            post = PostProcessorReader.read(s.required("post_processor"), t -> {
                Integer id = addedIds.get(t);
                return id != null ? id : model.vocab().get(t);
            }, id -> id >= 0 && id < tokens.length && tokens[id] != null);
        }
        TokenizerConfig config = TokenizerConfig.read(MAPPER, configJson, configFile);
        return new Tokenizer(normalizer, preTokenizer, model, post, decoder, rawMatcher, normalizedMatcher, tokens,
                special, addedIds, config);
    }

    private static List<AddedToken> readAddedTokens(JsonSection list) {
        List<AddedToken> out = new ArrayList<>();
        Map<Integer, String> byId = new HashMap<>();
        for (JsonSection t : list.elements()) {
            int id = t.integer("id");
            if (id < 0 || id >= BpeReader.MAX_ID) throw t.required("id").error("id " + id + " is out of range");
            String content = t.string("content");
            if (content.isEmpty()) throw t.required("content").error("empty added token");
            String other = byId.putIfAbsent(id, content);
            if (other != null && !other.equals(content)) {
                throw t.error("id " + id + " is used by both '" + other + "' and '" + content + "'");
            }
            boolean special = t.bool("special", false);
            out.add(new AddedToken(id, content, special, t.bool("lstrip", false), t.bool("rstrip", false),
                    t.bool("normalized", !special), t.bool("single_word", false)));
        }
        return out;
    }
}
