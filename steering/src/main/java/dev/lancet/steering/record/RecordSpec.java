package dev.lancet.steering.record;

import dev.lancet.runtime.edit.Site;
import dev.lancet.steering.edit.EditPlan;
import dev.lancet.steering.edit.Layers;
import dev.lancet.steering.edit.Positions;

import java.util.List;

/**
 * What to record: sites x layers, at which positions (for statistics, unless an example gives its own), raw rows at
 * which positions (null: none), with which edits applied first (empty: the unedited model).
 */
public record RecordSpec(List<Site> sites, Layers layers, Positions positions, Positions rawPositions, EditPlan edits) {
    public RecordSpec {
        if (sites.isEmpty()) throw new IllegalArgumentException("no sites to record");
        if (sites.stream().distinct().count() != sites.size()) throw new IllegalArgumentException("a site is listed twice: " + sites);
        sites = List.copyOf(sites);
        positions = positions == null ? Positions.all() : positions;
        edits = edits == null ? EditPlan.empty() : edits;
    }

    /** One site at these layers, every position, no raw rows, no edits. */
    public static RecordSpec of(Site site, Layers layers) {
        return new RecordSpec(List.of(site), layers, Positions.all(), null, null);
    }

    public RecordSpec withPositions(Positions p) {
        return new RecordSpec(sites, layers, p, rawPositions, edits);
    }

    public RecordSpec withRaw(Positions p) {
        return new RecordSpec(sites, layers, positions, p, edits);
    }

    public RecordSpec withEdits(EditPlan plan) {
        return new RecordSpec(sites, layers, positions, rawPositions, plan);
    }
}
