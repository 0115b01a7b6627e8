package dev.lancet.steering.edit.trace;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lancet.runtime.forward.Session;
import dev.lancet.steering.edit.EditPlan;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What a traced run shows: every edit application ({@link TraceEntry}) and, at the output, the logit change against an
 * unedited run of the same tokens ({@link LogitChange}). JSON form ({@link #toJson}):
 * <pre>
 * {"edits": [{"edit": 0, "op": "set", "site": "mlp.neurons", "layer": 2, "position": 0,
 *             "neurons": [5, 9], "old": [...], "new": [...], "delta_h": [...],
 *             "residual_change": [... hidden_size ...], "residual_change_norm": 0.01}, ...],
 *  "logits": [{"position": 3, "token": 403, "max_abs_change": 0.5,
 *              "up": [{"token": 42, "edited": 1.2, "unedited": 0.7, "change": 0.5}, ...], "down": [...]}, ...]}
 * </pre>
 */
public record TraceReport(List<TraceEntry> edits, List<LogitChange> logits) {
    public static final int DEFAULT_TOP_K = 5;

    /**
     * Compares {@code edited[p]} with {@code unedited[p]} for positions {@code from ..< tokens.length}
     * (rows indexed by absolute position).
     */
    public static TraceReport build(EditTrace trace, int[] tokens, float[][] edited, float[][] unedited, int from, int topK) {
        List<LogitChange> changes = new ArrayList<>();
        for (int p = Math.max(0, from); p < tokens.length; p++) {
            changes.add(LogitChange.of(p, tokens[p], edited[p], unedited[p], topK));
        }
        return new TraceReport(trace.entries(), List.copyOf(changes));
    }

    /**
     * Runs {@code tokens} through {@code session} with {@code plan} traced, then again with no edits, and reports
     * logit changes from position {@code from} on. Leaves the session with no edit stage; returns the edited logits
     * of every position via {@link Traced}.
     */
    public static Traced run(Session session, EditPlan plan, int[] tokens, int from, int topK) {
        EditTrace trace = new EditTrace();
        session.setEditStage(plan.bind(session.model(), trace));
        float[][] edited;
        try {
            edited = session.logitsAtEveryPosition(tokens);
        } finally {
            session.setEditStage(null);
        }
        float[][] unedited = session.logitsAtEveryPosition(tokens);
        return new Traced(edited, build(trace, tokens, edited, unedited, from, topK));
    }

    /** The edited logits (every position) and the report. */
    public record Traced(float[][] editedLogits, TraceReport report) {
    }

    public ObjectNode toJson() {
        ObjectMapper m = new ObjectMapper();
        ObjectNode root = m.createObjectNode();
        ArrayNode es = root.putArray("edits");
        for (TraceEntry e : edits) {
            ObjectNode o = es.addObject();
            o.put("edit", e.edit());
            o.put("op", e.op());
            o.put("site", e.site().id());
            o.put("layer", e.layer());
            o.put("position", e.position());
            ArrayNode n = o.putArray("neurons"), old = o.putArray("old"), now = o.putArray("new"), d = o.putArray("delta_h");
            double[] dh = e.deltaH();
            for (int i = 0; i < e.neurons().length; i++) {
                n.add(e.neurons()[i]);
                old.add(e.before()[i]);
                now.add(e.after()[i]);
                d.add(dh[i]);
            }
            if (e.residualChange() == null) {
                o.putNull("residual_change");
            } else {
                ArrayNode r = o.putArray("residual_change");
                for (double v : e.residualChange()) r.add(v);
                o.put("residual_change_norm", e.residualChangeNorm());
            }
        }
        ArrayNode ls = root.putArray("logits");
        for (LogitChange c : logits) {
            ObjectNode o = ls.addObject();
            o.put("position", c.position());
            o.put("token", c.inputToken());
            o.put("max_abs_change", c.maxAbsChange());
            tokens(o.putArray("up"), c.up());
            tokens(o.putArray("down"), c.down());
        }
        return root;
    }

    private static void tokens(ArrayNode a, List<LogitChange.TokenChange> list) {
        for (LogitChange.TokenChange t : list) {
            a.addObject().put("token", t.token()).put("edited", t.edited()).put("unedited", t.unedited()).put("change", t.change());
        }
    }

    /** A human-readable summary: one line per edit application (first 8 changed entries), one per logit row. */
    public void printText(PrintWriter out) {
        for (TraceEntry e : edits) {
            StringBuilder b = new StringBuilder();
            b.append(String.format(Locale.ROOT, "trace edit %d %s %s layer %d position %d: %d changed", e.edit(), e.op(),
                    e.site().id(), e.layer(), e.position(), e.neurons().length));
            int shown = Math.min(8, e.neurons().length);
            for (int i = 0; i < shown; i++) {
                b.append(String.format(Locale.ROOT, "%s[%d] %.6g -> %.6g", i == 0 ? " " : ", ", e.neurons()[i], e.before()[i], e.after()[i]));
            }
            if (shown < e.neurons().length) b.append(", ...");
            if (e.residualChange() != null) b.append(String.format(Locale.ROOT, "; |residual change| %.6g", e.residualChangeNorm()));
            out.println(b);
        }
        for (LogitChange c : logits) {
            StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "trace logits position %d (token %d): max |change| %.6g; up",
                    c.position(), c.inputToken(), c.maxAbsChange()));
            for (LogitChange.TokenChange t : c.up()) b.append(String.format(Locale.ROOT, " %d %+.4g", t.token(), t.change()));
            b.append("; down");
            for (LogitChange.TokenChange t : c.down()) b.append(String.format(Locale.ROOT, " %d %+.4g", t.token(), t.change()));
            out.println(b);
        }
        out.flush();
    }
}
