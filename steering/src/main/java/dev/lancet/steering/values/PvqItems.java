package dev.lancet.steering.values;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The questionnaire items, loaded from a CSV with a header row. Required columns: {@code item}
 * (the portrait statement) and {@code value} (a Schwartz value name, parsed tolerantly). Optional:
 * {@code question}, {@code questionnaire}, {@code agreement} (1, or -1 for a reverse-keyed item;
 * default 1). Column order is free; unknown columns are ignored. Items are numbered by row.
 */
public final class PvqItems {
    private final List<PvqItem> items;
    private final String source;

    public PvqItems(List<PvqItem> items, String source) {
        if (items.isEmpty()) throw new ValueDataException(source + ": no questionnaire items");
        this.items = List.copyOf(items);
        this.source = source;
    }

    /** Loads a questionnaire CSV; errors name the file, line and column at fault. */
    public static PvqItems load(Path csv) {
        String name = csv.toString();
        String text;
        try {
            text = Files.readString(csv, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ValueDataException("cannot read questionnaire " + name + ": " + e.getMessage(), e);
        } catch (UncheckedIOException e) {
            throw new ValueDataException("cannot read questionnaire " + name + ": " + e.getMessage(), e);
        }
        return parse(text, name);
    }

    /** Parses questionnaire CSV text; {@code source} names it in errors. */
    public static PvqItems parse(String text, String source) {
        List<CsvRecords.Row> rows = CsvRecords.parse(text, source);
        if (rows.isEmpty()) throw new ValueDataException(source + ": empty file, expected a header row");
        CsvRecords.Row header = rows.getFirst();
        Map<String, Integer> columns = new HashMap<>();
        for (int c = 0; c < header.fields().size(); c++) {
            columns.putIfAbsent(header.fields().get(c).trim().toLowerCase(Locale.ROOT), c);
        }
        int itemCol = requireColumn(columns, "item", source, header);
        int valueCol = requireColumn(columns, "value", source, header);
        Integer questionCol = columns.get("question");
        Integer questionnaireCol = columns.get("questionnaire");
        Integer agreementCol = columns.get("agreement");
        List<PvqItem> items = new ArrayList<>();
        for (int r = 1; r < rows.size(); r++) {
            CsvRecords.Row row = rows.get(r);
            if (row.fields().size() != header.fields().size()) {
                throw new ValueDataException(source + ":" + row.line() + ": " + row.fields().size()
                        + " fields, but the header has " + header.fields().size());
            }
            String statement = row.fields().get(itemCol).trim();
            if (statement.isEmpty()) {
                throw new ValueDataException(source + ":" + row.line() + ": column 'item' is empty");
            }
            String valueName = row.fields().get(valueCol).trim();
            SchwartzValue value = SchwartzValue.tryParse(valueName).orElseThrow(() -> new ValueDataException(
                    source + ":" + row.line() + ": unknown value name '" + valueName + "' in column 'value'; expected one of "
                            + SchwartzValue.labels()));
            int keying = 1;
            if (agreementCol != null) {
                String a = row.fields().get(agreementCol).trim();
                keying = switch (a) {
                    case "1", "+1", "" -> 1;
                    case "-1" -> -1;
                    default -> throw new ValueDataException(source + ":" + row.line()
                            + ": column 'agreement' must be 1 or -1, got '" + a + "'");
                };
            }
            String question = questionCol == null ? "" : row.fields().get(questionCol).trim();
            String questionnaire = questionnaireCol == null ? "" : row.fields().get(questionnaireCol).trim();
            items.add(new PvqItem(items.size() + 1, value, statement, question, questionnaire, keying));
        }
        if (items.isEmpty()) throw new ValueDataException(source + ": header only, no questionnaire items");
        return new PvqItems(items, source);
    }

    private static int requireColumn(Map<String, Integer> columns, String name, String source, CsvRecords.Row header) {
        Integer c = columns.get(name);
        if (c == null) {
            throw new ValueDataException(source + ":" + header.line() + ": missing column '" + name
                    + "' (header has " + header.fields() + ")");
        }
        return c;
    }

    public List<PvqItem> items() {
        return items;
    }

    public int size() {
        return items.size();
    }

    public String source() {
        return source;
    }

    /** Items of one value, in questionnaire order. */
    public List<PvqItem> itemsFor(SchwartzValue value) {
        List<PvqItem> out = new ArrayList<>();
        for (PvqItem item : items) {
            if (item.value() == value) out.add(item);
        }
        return out;
    }

    /** Number of items per value (values with no item map to 0). */
    public Map<SchwartzValue, Integer> countsByValue() {
        Map<SchwartzValue, Integer> counts = new EnumMap<>(SchwartzValue.class);
        for (SchwartzValue v : SchwartzValue.values()) counts.put(v, 0);
        for (PvqItem item : items) counts.merge(item.value(), 1, Integer::sum);
        return counts;
    }
}
