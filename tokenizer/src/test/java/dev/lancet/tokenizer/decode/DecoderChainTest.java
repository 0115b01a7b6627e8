package dev.lancet.tokenizer.decode;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Decoder components on small token lists, whole and streamed. */
class DecoderChainTest {
    private static String decode(Decoder d, List<String> tokens) {
        TextCollector out = new TextCollector();
        TokenStream s = d.open(out);
        for (String t : tokens) {
            s.begin();
            s.text(t);
            s.end();
        }
        s.finish();
        return out.drain();
    }

    private static String streamed(Decoder d, List<String> tokens) {
        TextCollector out = new TextCollector();
        TokenStream s = d.open(out);
        StringBuilder sb = new StringBuilder();
        for (String t : tokens) {
            s.begin();
            s.text(t);
            s.end();
            sb.append(out.drain());
        }
        s.finish();
        return sb.append(out.drain()).toString();
    }

    @Test
    void metaspaceDropsTheReplacementInTheFirstTokenOnly() {
        MetaspaceDecoder d = new MetaspaceDecoder('▁', true);
        assertEquals("Hey friend!", decode(d, List.of("▁Hey", "▁friend!")));
        assertEquals(" Hey friend!", decode(new MetaspaceDecoder('▁', false), List.of("▁Hey", "▁friend!")));
        assertEquals("Hey friend!", streamed(d, List.of("▁Hey", "▁friend!")));
    }

    @Test
    void stripWorksPerTokenUnlessFused() {
        StripDecoder strip = new StripDecoder(' ', 0, 1);
        assertEquals("ab ", decode(strip, List.of("a ", "b  ")));
        assertEquals("ab ", streamed(strip, List.of("a ", "b  ")));
        Decoder fusedThenStrip = new DecoderSequence(List.of(new FuseDecoder(), new StripDecoder(' ', 1, 1)));
        assertEquals("a b ", decode(fusedThenStrip, List.of(" a", " b ", " ")));
        assertEquals("a b ", streamed(fusedThenStrip, List.of(" a", " b ", " ")));
    }

    @Test
    void byteFallbackJoinsRunsOfByteTokens() {
        Decoder d = new DecoderSequence(List.of(new ByteFallbackDecoder(), new FuseDecoder()));
        assertEquals("xé!", decode(d, List.of("x", "<0xC3>", "<0xA9>", "!")));
        // Lower-case hex is accepted; anything not exactly <0xHH> is an ordinary token.
        assertEquals("é<0x4>", decode(d, List.of("<0xc3>", "<0xa9>", "<0x4>")));
    }

    @Test
    void malformedUtf8FollowsTheWhatwgRule() {
        Decoder d = new ByteFallbackDecoder();
        // ED A0 80 is an encoded surrogate: ED cannot be followed by A0, so three U+FFFD.
        assertEquals("\uFFFD\uFFFD\uFFFD", decode(d, List.of("<0xED>", "<0xA0>", "<0x80>")));
        // A truncated 4-byte sequence is one U+FFFD, and the next byte starts afresh.
        assertEquals("\uFFFDA", decode(d, List.of("<0xF0>", "<0x9F>", "<0x98>", "<0x41>")));
        // An overlong encoding of '/': C0 is never valid, AF is a lone continuation byte.
        assertEquals("\uFFFD\uFFFD", decode(d, List.of("<0xC0>", "<0xAF>")));
    }

    @Test
    void replaceWithAMultiCharacterPatternWaitsForTheToken() {
        Decoder d = ReplaceDecoder.ofLiteral("ab", "-");
        assertEquals("x-y-", decode(d, List.of("xaby", "ab")));
        assertEquals("x-y-", streamed(d, List.of("xaby", "ab")));
    }

    @Test
    void noDecoderJoinsWithSpaces() {
        assertEquals("a b c", decode(new SpaceJoinDecoder(), List.of("a", "b", "c")));
        assertEquals("", decode(new SpaceJoinDecoder(), List.of()));
    }
}
