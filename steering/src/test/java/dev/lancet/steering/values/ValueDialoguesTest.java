package dev.lancet.steering.values;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Map;

import static dev.lancet.steering.values.SchwartzValue.*;
import static org.junit.jupiter.api.Assertions.*;

class ValueDialoguesTest {

    /*
     * Expected numbers for fulcra_trustworthy.jsonl were counted independently with a short Python
     * script (json module) applying the rules documented in FulcraLabel/ValueDialogues: split each
     * value_types entry on its last ':', lower-case the name, accept the ten values only, signs
     * +1/-1 as is and 1, 1+, =1 (+1) or 1- (-1) as repairs, drop a value labelled both ways,
     * count same-sign repeats as merged. Output: 1718 lines; 11 'humility' labels skipped;
     * 110 repaired; 3 merged; 29 values dropped as conflicting; 6 dialogues left unlabelled;
     * promote/violate per value: self-direction 210/12, stimulation 25/0, hedonism 4/0,
     * achievement 265/7, power 43/17, security 590/66, conformity 688/76, tradition 42/5,
     * benevolence 1249/86, universalism 812/109.
     */
    @Test
    void loadsFulcraDefensively() {
        ValueDialogues data = ValueDialogues.loadFulcra(SharedData.valuesDir().resolve("fulcra_trustworthy.jsonl"));
        LoadReport r = data.report();
        assertEquals(1718, r.linesRead());
        assertEquals(1718, data.size());
        assertEquals(0, r.count(LoadReport.Kind.SKIPPED_LINE));
        assertEquals(11 + 29, r.count(LoadReport.Kind.SKIPPED_LABEL));
        assertEquals(11, r.entries(LoadReport.Kind.SKIPPED_LABEL).stream()
                .filter(e -> e.item().startsWith("humility")).count());
        assertEquals(110, r.count(LoadReport.Kind.REPAIRED_LABEL));
        assertEquals(3, r.count(LoadReport.Kind.MERGED_LABEL));
        assertEquals(6, r.entries(LoadReport.Kind.NOTE).stream().filter(e -> e.reason().startsWith("no usable value label")).count());
        // every FULCRA dialogue is "Human: ...\nBob: ..." (Python: all start with 'Human: ' and hold '\nBob:' once)
        assertTrue(data.dialogues().stream().allMatch(ValueDialogue::hasTurns));
        int[][] expected = {{210, 12}, {25, 0}, {4, 0}, {265, 7}, {43, 17}, {590, 66}, {688, 76}, {42, 5}, {1249, 86}, {812, 109}};
        Map<SchwartzValue, int[]> counts = data.labelCounts();
        for (SchwartzValue v : values()) {
            assertArrayEquals(expected[v.ordinal()], counts.get(v), v.label());
        }
        // line 856 has "conformity: 1+", line 1537 "achievement: =1": both read as +1
        assertEquals(1, data.dialogues().get(855).label(CONFORMITY));
        assertEquals(1, data.dialogues().get(1536).label(ACHIEVEMENT));
        ValueDialogue first = data.dialogues().getFirst();
        assertEquals("Why do you think vandalism is acceptable behavior?", first.prompt());
        assertTrue(first.response().startsWith("I apologize, but I don't think vandalism"));
        assertFalse(first.response().contains("Bob:"));
        String summary = r.summary();
        assertTrue(summary.contains("not one of Schwartz's ten basic values (11x"), summary);
    }

    @Test
    void contrastSetsAndEmptyClassError() {
        ValueDialogues data = ValueDialogues.loadFulcra(SharedData.valuesDir().resolve("fulcra_trustworthy.jsonl"));
        ValueContrast rest = data.contrast(ContrastMode.PROMOTE_VS_REST);
        assertEquals(1718, rest.size());
        assertEquals(4, rest.positiveCount(HEDONISM));
        assertEquals(1718 - 4, rest.negativeCount(HEDONISM));
        ValueDataException e = assertThrows(ValueDataException.class, () -> data.contrast(ContrastMode.PROMOTE_VS_VIOLATE));
        assertTrue(e.getMessage().contains("'stimulation'") && e.getMessage().contains("0 violating"), e.getMessage());
        ValueContrast strict = data.contrast(ContrastMode.PROMOTE_VS_VIOLATE, EnumSet.of(BENEVOLENCE, POWER), 2);
        assertEquals(1249, strict.positiveCount(BENEVOLENCE));
        assertEquals(86, strict.negativeCount(BENEVOLENCE));
        assertThrows(ValueDataException.class, () -> strict.positive(HEDONISM));
    }

    @Test
    void fulcraBadLinesAreSkippedAndReported(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("f.jsonl");
        Files.writeString(f, String.join("\n",
                "{\"dialogue\": \"Human: hi\\nBob: hello\", \"value_types\": [\"benevolence: +1\", \"power: ?1\", \"humility: +1\"]}",
                "not json",
                "{\"value_types\": []}",
                "",
                "{\"dialogue\": \"just text\", \"value_types\": [\"Power: -1\", \"power: -1\", 3]}") + "\n");
        ValueDialogues data = ValueDialogues.loadFulcra(f);
        assertEquals(2, data.size());
        assertEquals(4, data.report().linesRead());
        assertEquals(2, data.report().count(LoadReport.Kind.SKIPPED_LINE));
        assertEquals(3, data.report().count(LoadReport.Kind.SKIPPED_LABEL));
        assertEquals(1, data.report().count(LoadReport.Kind.MERGED_LABEL));
        assertEquals(1, data.dialogues().get(0).label(BENEVOLENCE));
        assertEquals(0, data.dialogues().get(0).label(POWER));
        assertEquals("hi", data.dialogues().get(0).prompt());
        assertEquals("hello", data.dialogues().get(0).response());
        assertEquals(-1, data.dialogues().get(1).label(POWER));
        assertFalse(data.dialogues().get(1).hasTurns());
        assertEquals(5, data.dialogues().get(1).line());
        assertTrue(data.report().entries(LoadReport.Kind.SKIPPED_LINE).stream().anyMatch(e -> e.line() == 2 && e.reason().equals("not valid JSON")));
    }

    @Test
    void loadsLancetJsonl(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("mine.jsonl");
        Files.writeString(f, String.join("\n",
                "{\"text\": \"Helping others matters.\", \"labels\": {\"benevolence\": 1, \"Power\": -1}}",
                "{\"id\": \"x2\", \"prompt\": \"Q?\", \"response\": \"A.\", \"labels\": {\"self_direction\": 1, \"hedonism\": 0}, \"meta\": {\"k\": [1]}}",
                "{\"text\": \"neutral\"}") + "\n");
        ValueDialogues data = ValueDialogues.loadJsonl(f);
        assertEquals(3, data.size());
        assertEquals(-1, data.dialogues().get(0).label(POWER));
        assertEquals("x2", data.dialogues().get(1).id());
        assertEquals("Q?\nA.", data.dialogues().get(1).text());
        assertEquals(Map.of(SELF_DIRECTION, 1), data.dialogues().get(1).labels());
        assertTrue(data.dialogues().get(2).labels().isEmpty());
        assertEquals(1, data.report().count(LoadReport.Kind.NOTE));
    }

    @Test
    void lancetJsonlErrorsNameFileAndLine(@TempDir Path dir) throws IOException {
        assertJsonlError(dir, "{\"text\": \"a\", \"labels\": {\"humility\": 1}}", ":2", "unknown value name 'humility'");
        assertJsonlError(dir, "{\"text\": \"a\", \"labels\": {\"power\": 2}}", ":2", "must be 1, -1 or 0");
        assertJsonlError(dir, "{\"labels\": {\"power\": 1}}", ":2", "missing field 'text'");
        assertJsonlError(dir, "{\"text\": \"a\", \"lables\": {}}", ":2", "unknown field 'lables'");
        assertJsonlError(dir, "{\"text\": 5}", ":2", "'text' must be a string");
        assertJsonlError(dir, "{\"text\": \"a\"", ":2", "not valid JSON");
        assertJsonlError(dir, "{\"text\": \"a\", \"labels\": {\"power\": 1, \"PO\": -1}}", ":2", "labelled twice");
    }

    private static void assertJsonlError(Path dir, String badLine, String where, String what) throws IOException {
        Path f = dir.resolve("bad.jsonl");
        Files.writeString(f, "{\"text\": \"fine\", \"labels\": {\"power\": 1}}\n" + badLine + "\n");
        ValueDataException e = assertThrows(ValueDataException.class, () -> ValueDialogues.loadJsonl(f));
        assertTrue(e.getMessage().contains(f + where) && e.getMessage().contains(what), e.getMessage());
    }

    @Test
    void contrastNeedsBothClasses() {
        int[][] labels = {{1, 0, 0, 0, 0, 0, 0, 0, 0, 0}, {1, 0, 0, 0, 0, 0, 0, 0, 0, 0}};
        ValueDataException e = assertThrows(ValueDataException.class, () -> ValueContrast.fromLabels(labels,
                ContrastMode.PROMOTE_VS_REST, EnumSet.of(SELF_DIRECTION), 1, "synthetic"));
        assertTrue(e.getMessage().contains("'self-direction' has 2 promoting and 0 other"), e.getMessage());
    }
}
