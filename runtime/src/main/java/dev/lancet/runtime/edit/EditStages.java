package dev.lancet.runtime.edit;

import java.util.ArrayList;
import java.util.List;

/** Composition of edit stages: applied in list order at every site (e.g. an edit plan, then a recorder). */
public final class EditStages {
    private EditStages() {
    }

    /** Returns null for no stages (the zero-cost path), the stage itself for one, else a chain. */
    public static EditStage chain(List<? extends EditStage> stages) {
        List<EditStage> live = new ArrayList<>();
        for (EditStage s : stages) if (s != null) live.add(s);
        if (live.isEmpty()) return null;
        if (live.size() == 1) return live.getFirst();
        EditStage[] arr = live.toArray(EditStage[]::new);
        return new EditStage() {
            @Override
            public void beginToken(int position, boolean generated) {
                for (EditStage s : arr) s.beginToken(position, generated);
            }

            @Override
            public boolean touches(Site site, int layer) {
                for (EditStage s : arr) if (s.touches(site, layer)) return true;
                return false;
            }

            @Override
            public void apply(Site site, int layer, int position, float[] values, int offset, int length) {
                for (EditStage s : arr) if (s.touches(site, layer)) s.apply(site, layer, position, values, offset, length);
            }

            @Override
            public void endToken(int position, float[] logits) {
                for (EditStage s : arr) s.endToken(position, logits);
            }
        };
    }
}
