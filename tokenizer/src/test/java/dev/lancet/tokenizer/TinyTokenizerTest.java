package dev.lancet.tokenizer;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Always-on tests on hand-written tokenizers, so a clone without shared/ still exercises BPE merges,
 * byte fallback, unknown-token fusing, added tokens, BOS and streaming. Expected ids were worked out
 * by hand from the fixtures' merge lists (see the comments).
 *
 * <p>tiny-sp (resources): ids 0-2 {@code <unk> <s> </s>}, 3-258 {@code <0x00>..<0xFF>}, then
 * 259 ▁, 260 h, 261 e, 262 l, 263 o, 264 w, 265 r, 266 d, 267 he, 268 ll, 269 llo, 270 hello,
 * 271 ▁hello, 272 ▁w, 273 or, 274 ▁wor, 275 ld, 276 ▁world, 277 el; merges by rank:
 * h e, l l, ll o, he llo, ▁ hello, ▁ w, o r, ▁w or, l d, ▁wor ld, e l.
 */
class TinyTokenizerTest {
    private static String resource(String name) throws IOException {
        try (InputStream in = TinyTokenizerTest.class.getResourceAsStream("/tiny-sp/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static Tokenizer tinySp() throws IOException {
        return Tokenizer.fromJson(resource("tokenizer.json"), resource("tokenizer_config.json"), "tiny-sp");
    }

    @Test
    void mergesApplyInRankOrder() throws IOException {
        // ▁hello▁world: h e (0) -> he; l l (1) -> ll; ll o (2); he llo (3); ▁ hello (4); ▁ w (5);
        // o r (6); ▁w or (7); l d (8); ▁wor ld (9).
        assertArrayEquals(new int[] {271, 276}, tinySp().encode("hello world", false));
        // "hel": h e (rank 0) wins over e l (rank 10), leaving [he, l].
        assertArrayEquals(new int[] {259, 267, 262}, tinySp().encode("hel", false));
    }

    @Test
    void templateAddsBos() throws IOException {
        assertArrayEquals(new int[] {1, 271, 276}, tinySp().encode("hello world", true));
        assertArrayEquals(new int[] {1}, tinySp().encode("", true));
        assertArrayEquals(new int[0], tinySp().encode("", false));
    }

    @Test
    void byteFallbackAndItsDecoding() throws IOException {
        Tokenizer t = tinySp();
        // é is not a piece: its UTF-8 bytes C3 A9 are ids 3 + 0xC3 = 198 and 3 + 0xA9 = 172.
        int[] ids = t.encode("hé", false);
        assertArrayEquals(new int[] {259, 260, 198, 172}, ids);
        assertEquals("hé", t.decode(ids, false));
        StreamingDecoder s = t.newStreamingDecoder(false);
        assertEquals("", s.accept(259), "the leading space is stripped as in full decode");
        assertEquals("h", s.accept(260));
        assertEquals("", s.accept(198), "half of é must wait for its second byte");
        assertEquals("é", s.accept(172));
        assertEquals("", s.finish());
    }

    @Test
    void brokenByteSequenceBecomesReplacementCharacter() throws IOException {
        Tokenizer t = tinySp();
        // C3 alone then a normal piece: one U+FFFD, then the piece; full and streaming agree.
        int[] ids = {259, 260, 198, 272};
        assertEquals("h\uFFFD w", t.decode(ids, false));
        StreamingDecoder s = t.newStreamingDecoder(false);
        StringBuilder sb = new StringBuilder();
        for (int id : ids) sb.append(s.accept(id));
        assertEquals("h\uFFFD w", sb.append(s.finish()).toString());
        // A stream that ends inside a character flushes it as U+FFFD.
        StreamingDecoder cut = t.newStreamingDecoder(false);
        assertEquals("h", cut.accept(260));
        assertEquals("", cut.accept(198));
        assertEquals("\uFFFD", cut.finish());
    }

    @Test
    void unknownCharactersFuseWithoutByteFallback() throws IOException {
        String json = resource("tokenizer.json").replace("\"byte_fallback\": true", "\"byte_fallback\": false");
        Tokenizer fused = Tokenizer.fromJson(json, null, "tiny-sp-unk");
        // ▁ h [€€ -> one <unk>] e
        assertArrayEquals(new int[] {259, 260, 0, 261}, fused.encode("h€€e", false));
        Tokenizer unfused = Tokenizer.fromJson(json.replace("\"fuse_unk\": true", "\"fuse_unk\": false"), null, "x");
        assertArrayEquals(new int[] {259, 260, 0, 0, 261}, unfused.encode("h€€e", false));
    }

    @Test
    void addedTokensAreCutOutBeforeNormalizing() throws IOException {
        Tokenizer t = tinySp();
        // "</s>" is matched in the raw text; "hello" is then normalized on its own to "▁hello".
        assertArrayEquals(new int[] {2, 271}, t.encode("</s>hello", false));
        assertArrayEquals(new int[] {271, 2, 276}, t.encode("hello</s>world", false));
        // " w" after the token becomes "▁▁w": ▁ and ▁w (the Llama "legacy" behaviour).
        assertArrayEquals(new int[] {271, 2, 259, 272}, t.encode("hello</s> w", false));
        assertEquals("hello</s> world", t.decode(new int[] {271, 2, 276}, false));
        assertEquals("hello world", t.decode(new int[] {271, 2, 276}, true));
        assertTrue(t.isSpecial(2));
        assertFalse(t.isSpecial(271));
    }

    @Test
    void configGivesBosEosAndDefaultChatTemplate() throws IOException {
        Tokenizer t = tinySp();
        assertEquals("<s>", t.bosToken().orElseThrow());
        assertEquals(1, t.bosTokenId().orElseThrow());
        assertEquals("</s>", t.eosToken().orElseThrow());
        assertEquals(2, t.eosTokenId().orElseThrow());
        assertTrue(t.chatTemplateSource().orElseThrow().startsWith("{{ bos_token }}"));
        assertEquals(278, t.vocabSize());
        assertEquals("▁world", t.idToToken(276));
        assertEquals(null, t.idToToken(278));
        assertEquals(276, t.tokenToId("▁world").orElseThrow());
        assertTrue(t.tokenToId("nope").isEmpty());
    }

    @Test
    void loadsFromADirectory() throws IOException, URISyntaxException {
        Path dir = Path.of(TinyTokenizerTest.class.getResource("/tiny-sp/tokenizer.json").toURI()).getParent();
        assertArrayEquals(new int[] {1, 271, 276}, Tokenizer.load(dir).encode("hello world", true));
    }

    // ---- a tiny byte-level (GPT-2 style) tokenizer built here ----

    /** GPT-2's byte to character table, written out independently of the code under test. */
    private static char[] gpt2Alphabet() {
        char[] map = new char[256];
        int extra = 0;
        for (int b = 0; b < 256; b++) {
            boolean keep = (b >= 33 && b <= 126) || (b >= 161 && b <= 172) || (b >= 174 && b <= 255);
            map[b] = keep ? (char) b : (char) (256 + extra++);
        }
        return map;
    }

    private static String quote(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') sb.append('\\').append(c);
            else if (c < 0x20 || c > 0x7E) sb.append(String.format("\\u%04x", (int) c));
            else sb.append(c);
        }
        return sb.append('"').toString();
    }

    /**
     * Ids 0-255: the byte with that value. 256 Ġt, 257 he, 258 Ġthe, 259 in, 260 {@code <|end|>}
     * (special). Merges: Ġ t, h e, Ġt he, i n.
     */
    private static Tokenizer tinyByteLevel() {
        char[] a = gpt2Alphabet();
        StringBuilder vocab = new StringBuilder("{");
        for (int b = 0; b < 256; b++) vocab.append(quote(String.valueOf(a[b]))).append(':').append(b).append(',');
        vocab.append("\"\u0120t\":256,\"he\":257,\"\u0120the\":258,\"in\":259}");
        String json = """
                {"added_tokens":[{"id":260,"content":"<|end|>","single_word":false,"lstrip":false,"rstrip":false,
                  "normalized":false,"special":true}],
                 "normalizer":null,
                 "pre_tokenizer":{"type":"ByteLevel","add_prefix_space":false,"trim_offsets":true,"use_regex":true},
                 "post_processor":{"type":"ByteLevel","add_prefix_space":true,"trim_offsets":false,"use_regex":true},
                 "decoder":{"type":"ByteLevel","add_prefix_space":true,"trim_offsets":true,"use_regex":true},
                 "model":{"type":"BPE","dropout":null,"unk_token":null,"fuse_unk":false,"byte_fallback":false,
                  "vocab":VOCAB,"merges":[["\u0120","t"],["h","e"],["\u0120t","he"],["i","n"]]}}
                """.replace("VOCAB", vocab);
        return Tokenizer.fromJson(json, null, "tiny-byte-level");
    }

    @Test
    void byteLevelMergesAndSplits() {
        Tokenizer t = tinyByteLevel();
        // " the in" splits into " the" and " in"; Ġ t (0), h e (1), Ġt he (2) give Ġthe; i n (3) gives in.
        assertArrayEquals(new int[] {258, 32, 259}, t.encode(" the in", false));
        assertArrayEquals(new int[] {258, 32, 259}, t.encode(" the in", true), "the ByteLevel post-processor adds nothing");
        assertArrayEquals(new int[] {97, 260, 98}, t.encode("a<|end|>b", false));
        assertEquals("a<|end|>b", t.decode(new int[] {97, 260, 98}, false));
        assertEquals("ab", t.decode(new int[] {97, 260, 98}, true));
        assertArrayEquals(new int[] {0xC3, 0xA9}, t.encode("é", false));
    }

    @Test
    void byteLevelStreamingWaitsForTheLastByte() {
        Tokenizer t = tinyByteLevel();
        int[] ids = t.encode("a😀", false);
        assertArrayEquals(new int[] {97, 0xF0, 0x9F, 0x98, 0x80}, ids);
        StreamingDecoder s = t.newStreamingDecoder(false);
        List<String> parts = new ArrayList<>();
        for (int id : ids) parts.add(s.accept(id));
        parts.add(s.finish());
        assertEquals(List.of("a", "", "", "", "😀", ""), parts);
    }

    @Test
    void byteLevelRoundTripsArbitraryText() {
        Tokenizer t = tinyByteLevel();
        Random r = new Random(42);
        for (int n = 0; n < 200; n++) {
            StringBuilder sb = new StringBuilder();
            for (int i = r.nextInt(30); i > 0; i--) {
                int cp = switch (r.nextInt(4)) {
                    case 0 -> 32 + r.nextInt(95);
                    case 1 -> r.nextInt(0x80);
                    case 2 -> 0xA0 + r.nextInt(0xD000);
                    default -> 0x10000 + r.nextInt(0x10000);
                };
                sb.appendCodePoint(cp);
            }
            String s = sb.toString();
            int[] ids = t.encode(s, false);
            assertEquals(s, t.decode(ids, false));
            StreamingDecoder d = t.newStreamingDecoder(false);
            StringBuilder streamed = new StringBuilder();
            for (int id : ids) streamed.append(d.accept(id));
            assertEquals(s, streamed.append(d.finish()).toString());
        }
    }
}
