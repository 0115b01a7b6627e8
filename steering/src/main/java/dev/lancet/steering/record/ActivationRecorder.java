package dev.lancet.steering.record;

import dev.lancet.runtime.config.ModelConfig;
import dev.lancet.runtime.edit.EditStage;
import dev.lancet.runtime.edit.Site;
import dev.lancet.steering.edit.Positions;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A read-only {@link EditStage} that adds the activations of chosen sites and layers at chosen positions to per-neuron
 * statistics ({@link NeuronStats}, Welford), and optionally keeps raw activation rows at other chosen positions.
 * It never changes a value. Chain it after an edit plan to record edited activations.
 *
 * <p>One recorder per session. {@link #start} begins a new summary (e.g. per example); {@link #stats} returns it.
 */
public final class ActivationRecorder implements EditStage {
    private final List<StatsKey> keys;
    private final int[] widths;
    private final int numLayers;
    /** blockIndex[site.ordinal() * numLayers + layer]: index into keys, or -1. */
    private final int[] blockIndex;
    private ActivationStats stats;
    private NeuronStats[] blocks;
    private Positions positions = Positions.all();
    private Positions rawPositions;
    /** Whether the tokens of the current forward call were sampled (one flag per call). */
    private boolean generated;
    /** Raw rows of the current summary: per block a growing [rows * width] buffer, and the rows' positions. */
    private float[][] raw;
    private int[] rawRowPositions = new int[0];
    private int rawRows;

    /** Records {@code sites} x {@code layers} (resolved layer indices) of a model with config {@code c}. */
    public ActivationRecorder(ModelConfig c, List<Site> sites, int[] layers) {
        this.numLayers = c.numLayers();
        List<StatsKey> k = new ArrayList<>();
        for (Site s : sites) for (int l : layers) k.add(new StatsKey(s, l));
        this.keys = List.copyOf(k);
        this.widths = new int[keys.size()];
        this.blockIndex = new int[Site.values().length * numLayers];
        Arrays.fill(blockIndex, -1);
        for (int i = 0; i < keys.size(); i++) {
            StatsKey key = keys.get(i);
            if (key.layer() < 0 || key.layer() >= numLayers) throw new IllegalArgumentException("layer " + key.layer() + " is outside 0.." + (numLayers - 1));
            widths[i] = key.site().isNeuronSite() ? c.intermediateSize() : c.hiddenSize();
            int slot = key.site().ordinal() * numLayers + key.layer();
            if (blockIndex[slot] >= 0) throw new IllegalArgumentException(key + " requested twice");
            blockIndex[slot] = i;
        }
        start(Positions.all(), null);
    }

    public List<StatsKey> keys() {
        return keys;
    }

    /** Width of each block, in {@link #keys()} order. */
    public int[] widths() {
        return widths.clone();
    }

    /**
     * Starts a fresh summary: statistics over tokens at {@code positions}; raw rows at {@code rawPositions}
     * (null: none).
     */
    public void start(Positions positions, Positions rawPositions) {
        this.positions = positions;
        this.rawPositions = rawPositions;
        this.stats = ActivationStats.empty(keys, widths);
        this.blocks = new NeuronStats[keys.size()];
        for (int i = 0; i < blocks.length; i++) blocks[i] = stats.get(keys.get(i).site(), keys.get(i).layer());
        this.rawRows = 0;
        if (rawPositions != null && raw == null) {
            raw = new float[keys.size()][];
            for (int i = 0; i < raw.length; i++) raw[i] = new float[16 * widths[i]];
            rawRowPositions = new int[16];
        }
    }

    /** The summary since the last {@link #start}. */
    public ActivationStats stats() {
        return stats;
    }

    /** Raw rows kept since the last {@link #start}: their positions. */
    public int[] rawPositions() {
        return Arrays.copyOf(rawRowPositions, rawRows);
    }

    /** Raw rows of block {@code b} ({@link #keys()} order) as [rows * width]. */
    public float[] rawRows(int b) {
        return Arrays.copyOf(raw[b], rawRows * widths[b]);
    }

    /**
     * A prefill batch announces all its positions before the first apply, so raw rows are reserved here and found
     * again by position in {@link #apply} (positions increase within a summary).
     */
    @Override
    public void beginToken(int position, boolean generated) {
        this.generated = generated;
        if (rawPositions != null && rawPositions.matches(position, generated)) {
            if (rawRows == rawRowPositions.length) growRaw();
            rawRowPositions[rawRows++] = position;
        }
    }

    private void growRaw() {
        int cap = rawRowPositions.length * 2;
        rawRowPositions = Arrays.copyOf(rawRowPositions, cap);
        for (int i = 0; i < raw.length; i++) raw[i] = Arrays.copyOf(raw[i], cap * widths[i]);
    }

    @Override
    public boolean touches(Site site, int layer) {
        return blockIndex[site.ordinal() * numLayers + layer] >= 0;
    }

    @Override
    public void apply(Site site, int layer, int position, float[] values, int offset, int length) {
        int b = blockIndex[site.ordinal() * numLayers + layer];
        if (b < 0) return;
        if (positions.matches(position, generated)) blocks[b].add(values, offset);
        if (rawPositions != null && rawPositions.matches(position, generated)) {
            int row = Arrays.binarySearch(rawRowPositions, 0, rawRows, position);
            if (row >= 0) System.arraycopy(values, offset, raw[b], row * widths[b], widths[b]);
        }
    }
}
