package dev.lancet.steering.values;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Labelled dialogues for locating value neurons and for preference scoring, with a
 * {@link LoadReport} of everything that was skipped or repaired.
 *
 * <p>Two formats: the Value FULCRA release ({@link #loadFulcra}, read defensively: bad lines and
 * labels are skipped and reported) and Lancet's own JSONL schema ({@link #loadJsonl}, read strictly:
 * any problem is an error naming file and line). The schema is documented in docs/VALUES.md.
 */
public final class ValueDialogues {
    /** Top-level fields allowed in Lancet's JSONL schema. */
    public static final Set<String> JSONL_FIELDS = Set.of("id", "text", "prompt", "response", "labels", "meta");

    private static final String HUMAN = "Human:";
    private static final String BOB = "\nBob:";

    private final List<ValueDialogue> dialogues;
    private final LoadReport report;

    public ValueDialogues(List<ValueDialogue> dialogues, LoadReport report) {
        this.dialogues = List.copyOf(dialogues);
        this.report = report;
    }

    public List<ValueDialogue> dialogues() {
        return dialogues;
    }

    public int size() {
        return dialogues.size();
    }

    public LoadReport report() {
        return report;
    }

    /** The source file name used in messages. */
    public String source() {
        return report.source();
    }

    /** Dialogues labelled +1 for {@code value}, in file order. */
    public List<ValueDialogue> promoting(SchwartzValue value) {
        List<ValueDialogue> out = new ArrayList<>();
        for (ValueDialogue d : dialogues) if (d.promotes(value)) out.add(d);
        return out;
    }

    /** Dialogues labelled -1 for {@code value}, in file order. */
    public List<ValueDialogue> violating(SchwartzValue value) {
        List<ValueDialogue> out = new ArrayList<>();
        for (ValueDialogue d : dialogues) if (d.violates(value)) out.add(d);
        return out;
    }

    /** Per value: {promoting, violating} counts, in circumplex order. */
    public Map<SchwartzValue, int[]> labelCounts() {
        Map<SchwartzValue, int[]> counts = new EnumMap<>(SchwartzValue.class);
        for (SchwartzValue v : SchwartzValue.values()) counts.put(v, new int[2]);
        for (ValueDialogue d : dialogues) {
            for (Map.Entry<SchwartzValue, Integer> e : d.labels().entrySet()) {
                counts.get(e.getKey())[e.getValue() > 0 ? 0 : 1]++;
            }
        }
        return counts;
    }

    /**
     * Positive/negative masks for the given values over all dialogues in file order.
     *
     * @throws ValueDataException when a value has fewer than {@code minPerClass} examples in either class
     */
    public ValueContrast contrast(ContrastMode mode, Set<SchwartzValue> values, int minPerClass) {
        return ValueContrast.of(dialogues, mode, values, minPerClass, source());
    }

    /** {@link #contrast(ContrastMode, Set, int)} over all ten values with at least 2 examples per class. */
    public ValueContrast contrast(ContrastMode mode) {
        return contrast(mode, EnumSet.allOf(SchwartzValue.class), 2);
    }

    // ---------------------------------------------------------------- Value FULCRA

    /**
     * Loads the Value FULCRA JSONL: per line {@code dialogue} ("Human: ... \nBob: ...") and
     * {@code value_types} (e.g. {@code ["security: -1", "benevolence: +1"]}); other fields are
     * ignored. Prompt is the Human turn, response the Bob turn (both trimmed, without the speaker
     * tag). Sign typos are read as {@link FulcraLabel} documents; labels naming something other than
     * the ten values are skipped; a value labelled both +1 and -1 in one dialogue is dropped for that
     * dialogue; lines without readable JSON, dialogue or value_types are skipped. All of it lands in
     * the {@link LoadReport}.
     */
    public static ValueDialogues loadFulcra(Path jsonl) {
        String source = jsonl.toString();
        List<ValueDialogue> out = new ArrayList<>();
        List<LoadReport.Entry> entries = new ArrayList<>();
        int[] read = {0};
        forEachLine(jsonl, (lineNo, line) -> {
            read[0]++;
            JsonNode node;
            try {
                node = ValuesJson.MAPPER.readTree(line);
            } catch (JsonProcessingException e) {
                entries.add(new LoadReport.Entry(lineNo, LoadReport.Kind.SKIPPED_LINE, "", "not valid JSON"));
                return;
            }
            if (node == null || !node.isObject()) {
                entries.add(new LoadReport.Entry(lineNo, LoadReport.Kind.SKIPPED_LINE, "", "not a JSON object"));
                return;
            }
            JsonNode dialogue = node.get("dialogue");
            if (dialogue == null || !dialogue.isTextual() || dialogue.asText().isBlank()) {
                entries.add(new LoadReport.Entry(lineNo, LoadReport.Kind.SKIPPED_LINE, "dialogue",
                        "missing or empty string field 'dialogue'"));
                return;
            }
            JsonNode types = node.get("value_types");
            if (types == null || !types.isArray()) {
                entries.add(new LoadReport.Entry(lineNo, LoadReport.Kind.SKIPPED_LINE, "value_types",
                        "missing array field 'value_types'"));
                return;
            }
            Map<SchwartzValue, Integer> labels = fulcraLabels(types, lineNo, entries);
            if (labels.isEmpty()) {
                entries.add(new LoadReport.Entry(lineNo, LoadReport.Kind.NOTE, "value_types",
                        "no usable value label; kept as unlabelled"));
            }
            String text = dialogue.asText();
            String prompt = null;
            String response = null;
            int bob = text.indexOf(BOB);
            if (text.startsWith(HUMAN) && bob > 0) {
                prompt = text.substring(HUMAN.length(), bob).trim();
                response = text.substring(bob + BOB.length()).trim();
            } else {
                entries.add(new LoadReport.Entry(lineNo, LoadReport.Kind.NOTE, "dialogue",
                        "no 'Human: ... Bob: ...' split; kept as text only"));
            }
            out.add(new ValueDialogue(jsonl.getFileName() + ":" + lineNo, lineNo, text, prompt, response, labels));
        });
        return new ValueDialogues(out, new LoadReport(source, read[0], out.size(), entries));
    }

    private static Map<SchwartzValue, Integer> fulcraLabels(JsonNode types, int lineNo, List<LoadReport.Entry> entries) {
        Map<SchwartzValue, Integer> labels = new EnumMap<>(SchwartzValue.class);
        Set<SchwartzValue> conflicting = EnumSet.noneOf(SchwartzValue.class);
        for (JsonNode t : types) {
            if (!t.isTextual()) {
                entries.add(new LoadReport.Entry(lineNo, LoadReport.Kind.SKIPPED_LABEL, t.toString(), "label is not a string"));
                continue;
            }
            String raw = t.asText();
            FulcraLabel label = FulcraLabel.parse(raw);
            if (label.skip() != null) {
                entries.add(new LoadReport.Entry(lineNo, LoadReport.Kind.SKIPPED_LABEL, raw, label.skip()));
                continue;
            }
            if (label.repair() != null) {
                entries.add(new LoadReport.Entry(lineNo, LoadReport.Kind.REPAIRED_LABEL, raw, label.repair()));
            }
            Integer before = labels.get(label.value());
            if (conflicting.contains(label.value())) continue;
            if (before == null) {
                labels.put(label.value(), label.sign());
            } else if (before == label.sign()) {
                entries.add(new LoadReport.Entry(lineNo, LoadReport.Kind.MERGED_LABEL, raw, "value labelled twice with the same sign"));
            } else {
                labels.remove(label.value());
                conflicting.add(label.value());
            }
        }
        for (SchwartzValue v : conflicting) {
            entries.add(new LoadReport.Entry(lineNo, LoadReport.Kind.SKIPPED_LABEL, v.label(),
                    "value labelled both +1 and -1; dropped for this dialogue"));
        }
        return labels;
    }

    // ---------------------------------------------------------------- Lancet JSONL

    /**
     * Loads Lancet's own JSONL schema, one object per line:
     * {@code {"id": optional, "text": "...", "prompt": optional, "response": optional,
     * "labels": {"benevolence": 1, "power": -1}, "meta": optional, free-form}}.
     * {@code text} may be omitted when {@code response} is given (text = prompt + "\n" + response).
     * Label values are 1 (promotes), -1 (violates) or 0 (no label); names are read tolerantly.
     * Blank lines are skipped; anything else wrong is an error naming file and line.
     */
    public static ValueDialogues loadJsonl(Path jsonl) {
        String source = jsonl.toString();
        List<ValueDialogue> out = new ArrayList<>();
        List<LoadReport.Entry> entries = new ArrayList<>();
        int[] read = {0};
        forEachLine(jsonl, (lineNo, line) -> {
            read[0]++;
            String where = source + ":" + lineNo;
            JsonNode node;
            try {
                node = ValuesJson.MAPPER.readTree(line);
            } catch (JsonProcessingException e) {
                throw new ValueDataException(where + ": not valid JSON: " + e.getOriginalMessage(), e);
            }
            if (node == null || !node.isObject()) throw new ValueDataException(where + ": expected a JSON object");
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                String f = field.getKey();
                if (!JSONL_FIELDS.contains(f)) {
                    throw new ValueDataException(where + ": unknown field '" + f + "'; allowed: id, text, prompt, response, labels, meta");
                }
            }
            String id = optionalString(node, "id", where);
            String text = optionalString(node, "text", where);
            String prompt = optionalString(node, "prompt", where);
            String response = optionalString(node, "response", where);
            if (text == null) {
                if (response == null) throw new ValueDataException(where + ": missing field 'text' (or 'response')");
                text = prompt == null ? response : prompt + "\n" + response;
            }
            if (text.isEmpty()) throw new ValueDataException(where + ": field 'text' is empty");
            Map<SchwartzValue, Integer> labels = new EnumMap<>(SchwartzValue.class);
            JsonNode labelNode = node.get("labels");
            if (labelNode != null && !labelNode.isNull()) {
                if (!labelNode.isObject()) {
                    throw new ValueDataException(where + ": field 'labels' must be an object like {\"benevolence\": 1}");
                }
                for (Map.Entry<String, JsonNode> e : labelNode.properties()) {
                    SchwartzValue v = SchwartzValue.tryParse(e.getKey()).orElseThrow(() -> new ValueDataException(
                            where + ": unknown value name '" + e.getKey() + "' in 'labels'; expected one of " + SchwartzValue.labels()));
                    JsonNode s = e.getValue();
                    if (!s.isIntegralNumber() || s.asInt() < -1 || s.asInt() > 1) {
                        throw new ValueDataException(where + ": label '" + e.getKey() + "' must be 1, -1 or 0, got " + s);
                    }
                    if (labels.containsKey(v)) {
                        throw new ValueDataException(where + ": value '" + v + "' labelled twice in 'labels'");
                    }
                    if (s.asInt() != 0) labels.put(v, s.asInt());
                }
            }
            if (labels.isEmpty()) {
                entries.add(new LoadReport.Entry(lineNo, LoadReport.Kind.NOTE, "labels", "no value label; kept as unlabelled"));
            }
            out.add(new ValueDialogue(id == null ? jsonl.getFileName() + ":" + lineNo : id, lineNo, text, prompt, response, labels));
        });
        if (out.isEmpty()) throw new ValueDataException(source + ": no records");
        return new ValueDialogues(out, new LoadReport(source, read[0], out.size(), entries));
    }

    private static String optionalString(JsonNode node, String field, String where) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) return null;
        if (!v.isTextual()) throw new ValueDataException(where + ": field '" + field + "' must be a string, got " + v.getNodeType());
        return v.asText();
    }

    private interface LineHandler {
        void accept(int lineNo, String line);
    }

    /** Calls {@code handler} for every non-blank line with its 1-based number; a leading BOM is dropped. */
    private static void forEachLine(Path file, LineHandler handler) {
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            int lineNo = 0;
            while ((line = reader.readLine()) != null) {
                lineNo++;
                if (lineNo == 1 && line.startsWith("\uFEFF")) line = line.substring(1);
                if (line.isBlank()) continue;
                handler.accept(lineNo, line);
            }
        } catch (IOException e) {
            throw new ValueDataException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return "ValueDialogues[" + source() + ", " + dialogues.size() + " dialogues]";
    }
}
