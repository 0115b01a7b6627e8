package dev.lancet.tokenizer.regex;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Oniguruma semantics that Java's regex lacks by default, and the split patterns of the shared tokenizers. */
class OnigurumaPatternTest {
    private static List<String> matches(Pattern p, String text) {
        List<String> out = new ArrayList<>();
        Matcher m = p.matcher(text);
        while (m.find()) out.add(m.group());
        return out;
    }

    private static String splitPattern(String tokenizer) throws IOException {
        String env = System.getenv("LANCET_SHARED");
        String root = System.getProperty("lancet.root", ".");
        Path shared = env != null && !env.isBlank() ? Path.of(env) : Path.of(root).resolve("../shared").normalize();
        Path file = shared.resolve("tokenizers/" + tokenizer + "/tokenizer.json");
        if (!Files.exists(file)) Assumptions.abort("skipped: " + file + " not found (set LANCET_SHARED)");
        // Stream to the first "Regex" field (the pre-tokenizer precedes the large vocabulary in the file).
        try (JsonParser p = new JsonFactory().createParser(file.toFile())) {
            for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
                if (t == JsonToken.FIELD_NAME && p.currentName().equals("Regex")) return p.nextTextValue();
            }
        }
        throw new AssertionError("no Split regex in " + file);
    }

    @Test
    void whitespaceClassIsUnicode() {
        Pattern p = OnigurumaPattern.compile("\\s+");
        assertEquals(List.of("\u00a0\u3000\u2009"), matches(p, "a\u00a0\u3000\u2009b"));
        Pattern notSpace = OnigurumaPattern.compile("[^\\s]+");
        assertEquals(List.of("a", "b"), matches(notSpace, "a\u00a0b"));
    }

    @Test
    void possessiveQuantifiersDoNotGiveBack() {
        assertFalse(OnigurumaPattern.compile("a?+ab").matcher("ab").find());
        assertTrue(OnigurumaPattern.compile("a??ab").matcher("ab").find());
        assertEquals(List.of("12"), matches(OnigurumaPattern.compile("\\d++"), "x12y"));
    }

    @Test
    void onigurumaOnlySpellings() {
        assertEquals(List.of("日本"), matches(OnigurumaPattern.compile("\\p{Han}+"), "日本go"));
        assertEquals(List.of("x", "!"), matches(OnigurumaPattern.compile("[\\p{^Han}]"), "日x本!"));
        assertEquals(List.of("!"), matches(OnigurumaPattern.compile("\\p{^L}"), "日x本!"));
        assertEquals(List.of("fF09"), matches(OnigurumaPattern.compile("\\h+"), "zfF09z"));
        assertEquals(List.of("١٢٣"), matches(OnigurumaPattern.compile("\\d+"), "x١٢٣"));
        assertEquals(List.of("ünï", "ko"), matches(OnigurumaPattern.compile("\\w+"), "ünï,ko"));
        assertEquals(List.of("'S", "'s"), matches(OnigurumaPattern.compile("(?i:'s)"), "'S'x's"));
        assertThrows(IllegalArgumentException.class, () -> OnigurumaPattern.compile("\\p{NoSuchProperty}"));
    }

    @Test
    void llama3SplitPattern() throws IOException {
        Pattern p = OnigurumaPattern.compile(splitPattern("llama3"));
        assertEquals(List.of("I", "'M", " ", " don", "'t", "\u00a0stop", " ", "123", "45", "!!\n\n", " x"),
                matches(p, "I'M  don't\u00a0stop 12345!!\n\n x"));
        // \s is Unicode: the first ideographic space stands alone, the second leads the word.
        assertEquals(List.of("a", "\u3000", "\u3000b"), matches(p, "a\u3000\u3000b"));
    }

    @Test
    void qwen3SplitPattern() throws IOException {
        Pattern p = OnigurumaPattern.compile(splitPattern("qwen3"));
        assertEquals(List.of("x", "1", "2", "3", "4", " ", " y", "\n\n", "z"), matches(p, "x1234  y\n\nz"));
    }
}
