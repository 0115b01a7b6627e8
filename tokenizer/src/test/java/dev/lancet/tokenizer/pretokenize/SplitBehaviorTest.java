package dev.lancet.tokenizer.pretokenize;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Split behaviours and Metaspace on the examples the Hugging Face tokenizers documentation and tests
 * use ("the-final--countdown" split on '-', "Hey   friend!" under Metaspace).
 */
class SplitBehaviorTest {
    private static List<String> split(PreTokenizer p, String text) {
        Pieces out = new Pieces();
        p.split(text, true, out);
        List<String> list = new ArrayList<>();
        for (int i = 0; i < out.size(); i++) list.add(out.get(i));
        return list;
    }

    private static List<String> dashes(SplitBehavior b, boolean invert) {
        return split(RegexSplitPreTokenizer.ofLiteral("-", b, invert), "the-final--countdown");
    }

    @Test
    void behavioursOnTheDocumentationExample() {
        assertEquals(List.of("the", "final", "countdown"), dashes(SplitBehavior.REMOVED, false));
        assertEquals(List.of("the", "-", "final", "-", "-", "countdown"), dashes(SplitBehavior.ISOLATED, false));
        assertEquals(List.of("the-", "final-", "-", "countdown"), dashes(SplitBehavior.MERGED_WITH_PREVIOUS, false));
        assertEquals(List.of("the", "-final", "-", "-countdown"), dashes(SplitBehavior.MERGED_WITH_NEXT, false));
        assertEquals(List.of("the", "-", "final", "--", "countdown"), dashes(SplitBehavior.CONTIGUOUS, false));
    }

    @Test
    void invertTreatsTheNonMatchesAsDelimiters() {
        // Inverted, the words are the delimiters: removing them leaves the dashes, each match its own piece.
        assertEquals(List.of("-", "-", "-"), dashes(SplitBehavior.REMOVED, true));
        RegexSplitPreTokenizer words = RegexSplitPreTokenizer.ofRegex(Pattern.compile("\\w+"), SplitBehavior.REMOVED, true);
        assertEquals(List.of("the", "final", "countdown"), split(words, "the-final--countdown"));
    }

    @Test
    void metaspaceReplacesPrependsAndSplits() {
        MetaspacePreTokenizer always = new MetaspacePreTokenizer('▁', MetaspacePreTokenizer.PrependScheme.ALWAYS, true);
        assertEquals(List.of("▁Hey", "▁friend!"), split(always, "Hey friend!"));
        assertEquals(List.of("▁Hey", "▁", "▁", "▁friend!"), split(always, "Hey   friend!"));
        MetaspacePreTokenizer first = new MetaspacePreTokenizer('▁', MetaspacePreTokenizer.PrependScheme.FIRST, true);
        Pieces out = new Pieces();
        first.split("Hey", false, out);
        assertEquals("Hey", out.get(0), "not at the start of the text: nothing prepended");
        MetaspacePreTokenizer whole = new MetaspacePreTokenizer('▁', MetaspacePreTokenizer.PrependScheme.NEVER, false);
        assertEquals(List.of("Hey▁friend"), split(whole, "Hey friend"));
    }

    @Test
    void digitsAndPunctuation() {
        assertEquals(List.of("a", "1", "2", "b"), split(CharClassSplitPreTokenizer.digits(true), "a12b"));
        assertEquals(List.of("a", "12", "b"), split(CharClassSplitPreTokenizer.digits(false), "a12b"));
        assertEquals(List.of("Hey friend", "!", "!"),
                split(CharClassSplitPreTokenizer.punctuation(SplitBehavior.ISOLATED), "Hey friend!!"));
        assertEquals(List.of("Hey", "friend", "!"), split(new WhitespacePreTokenizer(), "Hey friend!"));
        assertEquals(List.of("Hey", "friend!"), split(CharClassSplitPreTokenizer.whitespaceSplit(), "Hey\u00a0friend!"));
    }

    @Test
    void byteLevelUsesGpt2PatternAndByteAlphabet() {
        // GPT-2's pattern: contractions, " ?letters", and a space run that leaves its last space to the word.
        assertEquals(List.of("Hello", "\u0120world", "'s", "\u0120", "\u0120x"),
                split(new ByteLevelPreTokenizer(false, true), "Hello world's  x"));
        assertEquals(List.of("\u0120Hi"), split(new ByteLevelPreTokenizer(true, true), "Hi"));
        // é is C3 A9, which the alphabet writes as "Ã©".
        assertEquals(List.of("caf\u00c3\u00a9\u0120ok"), split(new ByteLevelPreTokenizer(false, false), "café ok"));
    }
}
