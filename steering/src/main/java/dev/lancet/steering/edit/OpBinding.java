package dev.lancet.steering.edit;

import dev.lancet.runtime.LancetException;
import dev.lancet.runtime.edit.Site;
import dev.lancet.steering.record.ActivationStats;
import dev.lancet.steering.record.NeuronStats;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * What an op needs to build its kernel for one site and layer: the activation width, the chosen neurons (neuron
 * ops), recorded statistics (mean, steer), and a way to report problems naming the edit and field.
 */
public final class OpBinding {
    private final String source;
    private final int index;
    private final Site site;
    private final int layer;
    private final int width;
    private final int[] neurons;
    private final Map<Path, ActivationStats> statsCache;

    OpBinding(String source, int index, Site site, int layer, int width, int[] neurons, Map<Path, ActivationStats> statsCache) {
        this.source = source;
        this.index = index;
        this.site = site;
        this.layer = layer;
        this.width = width;
        this.neurons = neurons;
        this.statsCache = statsCache;
    }

    public Site site() {
        return site;
    }

    public int layer() {
        return layer;
    }

    /** Entries in the site's activation vector: intermediate_size for mlp.gate/up/neurons, else hidden_size. */
    public int width() {
        return width;
    }

    /** The chosen neuron indices, validated against {@link #width()} (every index when the edit names none). */
    public int[] neurons() {
        return neurons.clone();
    }

    /** An error naming this edit and {@code field}; the caller throws it. */
    public EditSpecException fail(String field, String detail) {
        return new EditSpecException(source, index, field, detail);
    }

    /** Per-neuron statistics of this site and layer from a recorded file (field {@code stats} in errors). */
    public NeuronStats stats(Path file) {
        ActivationStats all = statsCache.get(file);
        if (all == null) {
            if (!Files.isRegularFile(file)) throw fail("stats", "statistics file " + file + " does not exist");
            try {
                all = ActivationStats.read(file);
            } catch (LancetException e) {
                throw fail("stats", e.getMessage());
            }
            statsCache.put(file, all);
        }
        NeuronStats s = all.get(site, layer);
        if (s == null) {
            throw fail("stats", file + " has no statistics for " + site.id() + " at layer " + layer + " (it has " + all.describeBlocks() + ")");
        }
        if (s.width() != width) {
            throw fail("stats", file + ": " + site.id() + " layer " + layer + " has " + s.width() + " neurons but the model's site has " + width);
        }
        if (s.count() == 0) throw fail("stats", file + ": " + site.id() + " layer " + layer + " was recorded over 0 tokens");
        return s;
    }
}
