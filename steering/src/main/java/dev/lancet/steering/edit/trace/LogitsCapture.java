package dev.lancet.steering.edit.trace;

import dev.lancet.runtime.edit.EditStage;
import dev.lancet.runtime.edit.Site;

import java.util.ArrayList;
import java.util.List;

/**
 * A read-only stage that keeps a copy of the logits of every token the session computes (with their positions), so a
 * traced generation can be compared afterwards with an unedited run. Chain it after the edit plan.
 */
public final class LogitsCapture implements EditStage {
    private final List<float[]> rows = new ArrayList<>();
    private final List<Integer> positions = new ArrayList<>();

    @Override
    public boolean touches(Site site, int layer) {
        return false;
    }

    @Override
    public void apply(Site site, int layer, int position, float[] values, int offset, int length) {
    }

    @Override
    public void endToken(int position, float[] logits) {
        positions.add(position);
        rows.add(logits.clone());
    }

    /** Logits in computation order. */
    public List<float[]> rows() {
        return List.copyOf(rows);
    }

    /** Position of each row. */
    public List<Integer> positions() {
        return List.copyOf(positions);
    }

    public void clear() {
        rows.clear();
        positions.clear();
    }
}
