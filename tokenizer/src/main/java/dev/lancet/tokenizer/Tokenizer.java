package dev.lancet.tokenizer;

import dev.lancet.tokenizer.decode.Decoder;
import dev.lancet.tokenizer.decode.TextCollector;
import dev.lancet.tokenizer.decode.TokenStream;
import dev.lancet.tokenizer.model.BpeModel;
import dev.lancet.tokenizer.model.IdList;
import dev.lancet.tokenizer.normalize.Normalizer;
import dev.lancet.tokenizer.postprocess.PostProcessor;
import dev.lancet.tokenizer.pretokenize.Pieces;
import dev.lancet.tokenizer.pretokenize.PreTokenizer;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A Hugging Face tokenizer.json pipeline. Encoding: added tokens are cut out of the raw text first,
 * each remaining piece is normalized (then normalized added tokens are cut out), pre-tokenized into
 * words, and each word is BPE-encoded; the post-processor adds BOS/EOS as the file declares. Decoding
 * runs the file's decoder chain over the token strings. Immutable and safe to share between threads.
 */
public final class Tokenizer {
    private final Normalizer normalizer;
    private final PreTokenizer preTokenizer;
    private final BpeModel model;
    private final PostProcessor postProcessor;
    private final Decoder decoder;
    private final AddedTokenMatcher rawAddedTokens;
    private final AddedTokenMatcher normalizedAddedTokens;
    private final String[] tokens;
    private final boolean[] special;
    private final Map<String, Integer> addedTokenIds;
    private final TokenizerConfig config;
    private final Optional<String> bosToken;
    private final Optional<String> eosToken;

    Tokenizer(Normalizer normalizer, PreTokenizer preTokenizer, BpeModel model, PostProcessor postProcessor,
              Decoder decoder, AddedTokenMatcher rawAddedTokens, AddedTokenMatcher normalizedAddedTokens,
              String[] tokens, boolean[] special, Map<String, Integer> addedTokenIds, TokenizerConfig config) {
        this.normalizer = normalizer;
        this.preTokenizer = preTokenizer;
        this.model = model;
        this.postProcessor = postProcessor;
        this.decoder = decoder;
        this.rawAddedTokens = rawAddedTokens;
        this.normalizedAddedTokens = normalizedAddedTokens;
        this.tokens = tokens;
        this.special = special;
        this.addedTokenIds = addedTokenIds;
        this.config = config;
        this.bosToken = config.bosDeclared() ? config.bos()
                : firstKnown("<|begin_of_text|>", "<s>", "<bos>", "<|startoftext|>", "<|endoftext|>");
        this.eosToken = config.eosDeclared() ? config.eos()
                : firstKnown("<|end_of_text|>", "</s>", "<eos>", "<|endoftext|>", "<|im_end|>");
    }

    /** Reads {@code dir/tokenizer.json} and, when present, {@code dir/tokenizer_config.json}. */
    public static Tokenizer load(Path dir) {
        return TokenizerFileReader.load(dir);
    }

    /**
     * Builds a tokenizer from file contents.
     *
     * @param sourceNameForErrors names the origin in error messages (a directory or file path)
     */
    public static Tokenizer fromJson(String tokenizerJson, String tokenizerConfigJsonOrNull, String sourceNameForErrors) {
        return TokenizerFileReader.fromJson(tokenizerJson, tokenizerConfigJsonOrNull, sourceNameForErrors);
    }

    /** The ids of {@code text}; with {@code addSpecialTokens} the post-processor adds BOS/EOS as the file says. */
    public int[] encode(String text, boolean addSpecialTokens) {
        Objects.requireNonNull(text, "text");
        IdList ids = new IdList(text.length() / 3 + 8);
        if (rawAddedTokens == null) {
            encodeNormalizing(text, true, ids);
        } else {
            rawAddedTokens.split(text, new AddedTokenMatcher.Sink() {
                @Override
                public void text(String piece, int start) {
                    encodeNormalizing(piece, start == 0, ids);
                }

                @Override
                public void token(AddedToken token) {
                    ids.add(token.id());
                }
            });
        }
        return postProcessor.process(ids.toArray(), addSpecialTokens);
    }

    private void encodeNormalizing(String piece, boolean atStart, IdList ids) {
        String normalized = normalizer == null ? piece : normalizer.normalize(piece);
        if (normalizedAddedTokens == null) {
            encodeWords(normalized, atStart, ids);
            return;
        }
        normalizedAddedTokens.split(normalized, new AddedTokenMatcher.Sink() {
            @Override
            public void text(String part, int start) {
                encodeWords(part, atStart && start == 0, ids);
            }

            @Override
            public void token(AddedToken token) {
                ids.add(token.id());
            }
        });
    }

    private void encodeWords(String text, boolean atStart, IdList ids) {
        if (text.isEmpty()) return;
        if (preTokenizer == null) {
            model.tokenize(text, ids);
            return;
        }
        Pieces words = new Pieces();
        preTokenizer.split(text, atStart, words);
        for (int i = 0; i < words.size(); i++) model.tokenize(words.get(i), ids);
    }

    /** The text of {@code ids}. Unknown ids are skipped, as the Rust library does. */
    public String decode(int[] ids, boolean skipSpecialTokens) {
        TextCollector out = new TextCollector();
        TokenStream stream = openDecoder(out);
        for (int id : ids) {
            String token = decodableToken(id, skipSpecialTokens);
            if (token == null) continue;
            stream.begin();
            stream.text(token);
            stream.end();
        }
        stream.finish();
        return out.drain();
    }

    public StreamingDecoder newStreamingDecoder(boolean skipSpecialTokens) {
        return new StreamingDecoder(this, skipSpecialTokens);
    }

    TokenStream openDecoder(TextCollector out) {
        return decoder.open(out);
    }

    /** The string the decoder sees for {@code id}, or null when it is skipped or unknown. */
    String decodableToken(int id, boolean skipSpecialTokens) {
        if (id < 0 || id >= tokens.length) return null;
        if (skipSpecialTokens && special[id]) return null;
        return tokens[id];
    }

    /** Max id + 1 over the vocabulary and the added tokens. */
    public int vocabSize() {
        return tokens.length;
    }

    /** The token with this id (added tokens first), or null. */
    public String idToToken(int id) {
        return id >= 0 && id < tokens.length ? tokens[id] : null;
    }

    public OptionalInt tokenToId(String token) {
        Integer id = addedTokenIds.get(token);
        if (id == null) id = model.vocab().get(token);
        return id == null ? OptionalInt.empty() : OptionalInt.of(id);
    }

    /** From tokenizer_config.json {@code bos_token}; without that field, a conventional name the vocabulary has. */
    public Optional<String> bosToken() {
        return bosToken;
    }

    /** From tokenizer_config.json {@code eos_token}; without that field, a conventional name the vocabulary has. */
    public Optional<String> eosToken() {
        return eosToken;
    }

    public OptionalInt bosTokenId() {
        return bosToken.isPresent() ? tokenToId(bosToken.get()) : OptionalInt.empty();
    }

    public OptionalInt eosTokenId() {
        return eosToken.isPresent() ? tokenToId(eosToken.get()) : OptionalInt.empty();
    }

    /** The raw {@code chat_template} of tokenizer_config.json (for a named list, the one named "default"). */
    public Optional<String> chatTemplateSource() {
        return config.chatTemplate();
    }

    /** Whether {@code id} is an added token marked special (skipped by decode with skipSpecialTokens). */
    public boolean isSpecial(int id) {
        return id >= 0 && id < special.length && special[id];
    }

    private Optional<String> firstKnown(String... names) {
        for (String n : names) if (tokenToId(n).isPresent()) return Optional.of(n);
        return Optional.empty();
    }
}
