package dev.lancet.steering.record;

import dev.lancet.runtime.edit.Site;

/** A site at a layer: one block of recorded statistics or raw activations. Tensor prefix {@code layers.L.SITE}. */
public record StatsKey(Site site, int layer) {
    /** {@code layers.3.mlp.neurons}: the prefix of this block's tensors in statistics files and raw shards. */
    public String tensorPrefix() {
        return "layers." + layer + "." + site.id();
    }

    @Override
    public String toString() {
        return site.id() + " layer " + layer;
    }
}
