package dev.lancet.steering.values;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

class PvqItemsTest {

    @Test
    void loadsTheRealQuestionnaire() {
        PvqItems pvq = PvqItems.load(SharedData.valuesDir().resolve("pvq40_items.csv"));
        // Counted independently with Python's csv module:
        //   rows = list(csv.DictReader(open('pvq40_items.csv'))); len(rows) -> 40
        //   Counter(r['value'] for r in rows) -> Universalism 6, Security 5, Self-Direction 4, Achievement 4,
        //   Conformity 4, Tradition 4, Benevolence 4, Power 3, Stimulation 3, Hedonism 3
        assertEquals(40, pvq.size());
        Map<SchwartzValue, Integer> counts = pvq.countsByValue();
        assertEquals(6, counts.get(SchwartzValue.UNIVERSALISM));
        assertEquals(5, counts.get(SchwartzValue.SECURITY));
        assertEquals(4, counts.get(SchwartzValue.SELF_DIRECTION));
        assertEquals(4, counts.get(SchwartzValue.ACHIEVEMENT));
        assertEquals(4, counts.get(SchwartzValue.CONFORMITY));
        assertEquals(4, counts.get(SchwartzValue.TRADITION));
        assertEquals(4, counts.get(SchwartzValue.BENEVOLENCE));
        assertEquals(3, counts.get(SchwartzValue.POWER));
        assertEquals(3, counts.get(SchwartzValue.STIMULATION));
        assertEquals(3, counts.get(SchwartzValue.HEDONISM));
        PvqItem first = pvq.items().getFirst();
        assertEquals(1, first.number());
        assertEquals(SchwartzValue.SELF_DIRECTION, first.value());
        assertEquals("PVQ40", first.questionnaire());
        // a quoted field holding commas stays one field (item "... Even when I disagree with them, I still ...")
        assertTrue(pvq.items().stream().anyMatch(i -> i.statement().equals(
                "It is important to me to listen to people who are different from me. Even when I disagree with them, I still want to understand them.")));
        // trailing spaces inside a quoted field are trimmed
        assertTrue(pvq.items().stream().noneMatch(i -> i.statement().endsWith(" ")));
        assertTrue(pvq.items().stream().allMatch(i -> i.keying() == 1));
    }

    @Test
    void missingColumnIsNamed(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("items.csv");
        Files.writeString(f, "questionnaire,item,agreement\nPVQ40,I like things,1\n");
        ValueDataException e = assertThrows(ValueDataException.class, () -> PvqItems.load(f));
        assertTrue(e.getMessage().contains(f + ":1") && e.getMessage().contains("missing column 'value'"), e.getMessage());
    }

    @Test
    void unknownValueNameNamesFileAndLine(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("items.csv");
        Files.writeString(f, "item,value\n\"Being kind, always\",Benevolence\nBeing humble,Humility\n");
        ValueDataException e = assertThrows(ValueDataException.class, () -> PvqItems.load(f));
        assertTrue(e.getMessage().contains(f + ":3") && e.getMessage().contains("'Humility'"), e.getMessage());
    }

    @Test
    void quotingEdgeCases(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("items.csv");
        Files.writeString(f, "\uFEFFvalue,item,question\r\npower,\"He said \"\"rich\"\", twice\r\nand more\",\"q\"\r\nself_direction,plain,\n");
        PvqItems pvq = PvqItems.load(f);
        assertEquals(2, pvq.size());
        assertEquals("He said \"rich\", twice\r\nand more", pvq.items().get(0).statement());
        assertEquals(SchwartzValue.SELF_DIRECTION, pvq.items().get(1).value());

        Path unclosed = dir.resolve("bad.csv");
        Files.writeString(unclosed, "item,value\nok,power\n\"never closed,power\n");
        ValueDataException e = assertThrows(ValueDataException.class, () -> PvqItems.load(unclosed));
        assertTrue(e.getMessage().contains(unclosed + ":3") && e.getMessage().contains("never closed"), e.getMessage());

        Path ragged = dir.resolve("ragged.csv");
        Files.writeString(ragged, "item,value\nok,power,extra\n");
        e = assertThrows(ValueDataException.class, () -> PvqItems.load(ragged));
        assertTrue(e.getMessage().contains(ragged + ":2") && e.getMessage().contains("3 fields"), e.getMessage());

        Path headerOnly = dir.resolve("empty.csv");
        Files.writeString(headerOnly, "item,value\n");
        e = assertThrows(ValueDataException.class, () -> PvqItems.load(headerOnly));
        assertTrue(e.getMessage().contains("no questionnaire items"), e.getMessage());

        Path badKey = dir.resolve("key.csv");
        Files.writeString(badKey, "item,value,agreement\nx,power,2\n");
        e = assertThrows(ValueDataException.class, () -> PvqItems.load(badKey));
        assertTrue(e.getMessage().contains(badKey + ":2") && e.getMessage().contains("'agreement'"), e.getMessage());
    }
}
