package dev.lancet.steering.values;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a loader kept, skipped, repaired or merged, line by line, so that nothing is dropped
 * silently.
 *
 * @param source       the file read
 * @param linesRead    non-blank lines read
 * @param dialoguesKept dialogues returned
 * @param entries      one entry per skipped line, skipped/repaired/merged label, or note
 */
public record LoadReport(String source, int linesRead, int dialoguesKept, List<Entry> entries) {

    public enum Kind {
        /** The whole line was dropped (unreadable JSON, missing text). */
        SKIPPED_LINE,
        /** One label was dropped; the dialogue was kept. */
        SKIPPED_LABEL,
        /** A label with a typo in its sign was read with the documented interpretation. */
        REPAIRED_LABEL,
        /** A label repeated with the same sign was counted once. */
        MERGED_LABEL,
        /** Kept as is, but worth knowing (no labels, no prompt/response split). */
        NOTE
    }

    /**
     * @param line   1-based line in the source
     * @param kind   what happened
     * @param item   the label or field concerned (may be empty)
     * @param reason why, in a fixed wording so that entries group by reason
     */
    public record Entry(int line, Kind kind, String item, String reason) {}

    public LoadReport {
        entries = List.copyOf(entries);
    }

    public int count(Kind kind) {
        int n = 0;
        for (Entry e : entries) if (e.kind == kind) n++;
        return n;
    }

    public List<Entry> entries(Kind kind) {
        List<Entry> out = new ArrayList<>();
        for (Entry e : entries) if (e.kind == kind) out.add(e);
        return out;
    }

    /**
     * A few lines for stderr: counts, then each (kind, reason) with its count and up to three
     * example lines.
     */
    public String summary() {
        StringBuilder sb = new StringBuilder();
        sb.append(source).append(": ").append(linesRead).append(" lines, ").append(dialoguesKept).append(" kept");
        for (Kind k : Kind.values()) {
            int n = count(k);
            if (n > 0) sb.append(", ").append(n).append(' ').append(k.name().toLowerCase().replace('_', ' '));
        }
        Map<String, List<Entry>> byReason = new LinkedHashMap<>();
        for (Entry e : entries) {
            byReason.computeIfAbsent(e.kind.name().toLowerCase().replace('_', ' ') + ": " + e.reason,
                    k -> new ArrayList<>()).add(e);
        }
        for (Map.Entry<String, List<Entry>> g : byReason.entrySet()) {
            sb.append("\n  ").append(g.getKey()).append(" (").append(g.getValue().size()).append("x, e.g.");
            int shown = 0;
            for (Entry e : g.getValue()) {
                if (shown++ == 3) break;
                sb.append(" line ").append(e.line);
                if (!e.item.isEmpty()) sb.append(" '").append(e.item).append('\'');
                if (shown < Math.min(3, g.getValue().size())) sb.append(',');
            }
            sb.append(')');
        }
        return sb.toString();
    }
}
