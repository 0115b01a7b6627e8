package dev.lancet.tokenizer;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Broken or unsupported tokenizer.json files fail with a message naming the file and the field at fault. */
class MalformedTokenizerTest {
    private static final String MODEL = "\"model\":{\"type\":\"BPE\",\"vocab\":{\"a\":0,\"b\":1,\"ab\":2},\"merges\":[\"a b\"]}";

    private static String file(String sections) {
        return "{\"added_tokens\":[]," + sections + "}";
    }

    private static String valid() {
        return file("\"normalizer\":null,\"pre_tokenizer\":null,\"post_processor\":null,\"decoder\":null," + MODEL);
    }

    private static String failure(String json) {
        TokenizerException e = assertThrows(TokenizerException.class, () -> Tokenizer.fromJson(json, null, "fixture"));
        assertTrue(e.getMessage().startsWith("fixture/tokenizer.json: "), e.getMessage());
        return e.getMessage();
    }

    private static void assertMentions(String message, String... parts) {
        for (String p : parts) assertTrue(message.contains(p), () -> "'" + message + "' should mention '" + p + "'");
    }

    @Test
    void theBaseFixtureIsValid() {
        Tokenizer t = Tokenizer.fromJson(valid(), null, "fixture");
        assertArrayEquals(new int[] {2, 0}, t.encode("aba", false));
        // Without a decoder, tokens are joined by spaces.
        assertEquals("ab a", t.decode(new int[] {2, 0}, false));
    }

    @Test
    void truncatedJson() {
        String json = valid();
        assertMentions(failure(json.substring(0, json.length() / 2)), "malformed JSON", "line 1");
    }

    @Test
    void notAnObject() {
        assertMentions(failure("[1, 2]"), "expected a JSON object");
    }

    @Test
    void missingModel() {
        assertMentions(failure(file("\"normalizer\":null")), "missing field 'model'");
    }

    @Test
    void unknownModelType() {
        assertMentions(failure(file(MODEL.replace("\"BPE\"", "\"Unigram\""))), "model type 'Unigram' is not supported");
    }

    @Test
    void mergeNamingAnUnknownToken() {
        assertMentions(failure(file(MODEL.replace("\"a b\"", "\"a c\""))), "model.merges[0]", "'c'",
                "not in the vocabulary");
    }

    @Test
    void mergeWhoseResultIsNotInTheVocabulary() {
        assertMentions(failure(file(MODEL.replace("\"a b\"", "\"b a\""))), "'ba'", "not in the vocabulary");
    }

    @Test
    void mergeThatIsNotTwoTokens() {
        assertMentions(failure(file(MODEL.replace("\"a b\"", "\"ab\""))), "model.merges[0]", "two tokens");
    }

    @Test
    void vocabIdClash() {
        assertMentions(failure(file(MODEL.replace("\"b\":1", "\"b\":0"))), "model.vocab", "id 0 is used by both",
                "'a'", "'b'");
    }

    @Test
    void negativeOrHugeVocabIds() {
        assertMentions(failure(file(MODEL.replace("\"b\":1", "\"b\":-1"))), "model.vocab", "'b'");
        assertMentions(failure(file(MODEL.replace("\"b\":1", "\"b\":2000000000"))), "model.vocab", "'b'");
    }

    @Test
    void addedTokenIdClash() {
        String added = "\"added_tokens\":[{\"id\":5,\"content\":\"<x>\",\"special\":true},"
                + "{\"id\":5,\"content\":\"<y>\",\"special\":true}]";
        assertMentions(failure("{" + added + "," + MODEL + "}"), "added_tokens[1]", "id 5 is used by both");
    }

    @Test
    void unknownNormalizer() {
        assertMentions(failure(file("\"normalizer\":{\"type\":\"Precompiled\",\"precompiled_charsmap\":\"\"}," + MODEL)),
                "normalizer type 'Precompiled' is not supported");
    }

    @Test
    void unknownPreTokenizerInsideASequence() {
        String pre = "\"pre_tokenizer\":{\"type\":\"Sequence\",\"pretokenizers\":[{\"type\":\"Digits\","
                + "\"individual_digits\":true},{\"type\":\"UnicodeScripts\"}]},";
        assertMentions(failure(file(pre + MODEL)), "pre_tokenizer type 'UnicodeScripts' is not supported",
                "pre_tokenizer.pretokenizers[1]");
    }

    @Test
    void unknownDecoderAndPostProcessor() {
        assertMentions(failure(file("\"decoder\":{\"type\":\"WordPiece\",\"prefix\":\"##\"}," + MODEL)),
                "decoder type 'WordPiece' is not supported");
        assertMentions(failure(file("\"post_processor\":{\"type\":\"Foo\"}," + MODEL)),
                "post_processor type 'Foo' is not supported");
    }

    @Test
    void regexThatDoesNotCompile() {
        String pre = "\"pre_tokenizer\":{\"type\":\"Split\",\"pattern\":{\"Regex\":\"(a\"},\"behavior\":\"Isolated\","
                + "\"invert\":false},";
        assertMentions(failure(file(pre + MODEL)), "pre_tokenizer.pattern", "does not compile");
    }

    @Test
    void unknownSplitBehavior() {
        String pre = "\"pre_tokenizer\":{\"type\":\"Split\",\"pattern\":{\"String\":\" \"},\"behavior\":\"Sideways\"},";
        assertMentions(failure(file(pre + MODEL)), "pre_tokenizer.behavior", "'Sideways'");
    }

    @Test
    void bpeDropoutIsRefused() {
        assertMentions(failure(file(MODEL.replace("\"type\":\"BPE\",", "\"type\":\"BPE\",\"dropout\":0.1,"))),
                "model.dropout", "not supported");
    }

    @Test
    void templateNamingAnUndefinedSpecialToken() {
        String post = "\"post_processor\":{\"type\":\"TemplateProcessing\",\"single\":[{\"SpecialToken\":"
                + "{\"id\":\"<s>\",\"type_id\":0}},{\"Sequence\":{\"id\":\"A\",\"type_id\":0}}],\"special_tokens\":{}},";
        assertMentions(failure(file(post + MODEL)), "post_processor.single[0]", "'<s>'");
    }

    @Test
    void wrongFieldType() {
        assertMentions(failure(file(MODEL.replace("\"merges\":[\"a b\"]", "\"merges\":\"a b\""))),
                "model.merges", "expected an array");
    }

    @Test
    void badConfigJsonNamesTheConfigFile() {
        TokenizerException e = assertThrows(TokenizerException.class,
                () -> Tokenizer.fromJson(valid(), "{\"bos_token\": 3}", "fixture"));
        assertMentions(e.getMessage(), "tokenizer_config.json", "bos_token");
    }
}
