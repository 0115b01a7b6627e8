package dev.lancet.runtime.backend;

import dev.lancet.runtime.tensor.HalfFloats;

/**
 * A session's KV cache: for every layer, the keys (after RoPE) and values of {@link #positions()} slots per key/value
 * head, in the layout {@link Backend#attention} reads, allocated for the whole context at once. Values are
 * {@code values[(kvHead*positions + p)*headDim + i]}; keys come in tiles of {@link Backend#KEY_TILE} positions
 * stored dimension-major, {@code keys[(kvHead*positions + p - p%T)*headDim + i*T + p%T]} (T = KEY_TILE), so the
 * scores of a tile are lanewise fmas with no reduction across lanes.
 *
 * <p>Each element is a float ({@link KvPrecision#F32}) or the nearest 16-bit code of one (BF16, F16: rounded once,
 * when stored, ties to even; the codes of the layout above in {@link HalfFloats#paired} order, so that a vector's
 * worth widens without lane conversions). Attention widens a block of codes back to floats before it reads them ({@link
 * KvBlockReader}), so a 16-bit cache gives exactly the result of an F32 cache holding the rounded values.
 */
public final class KvCache {
    private final KvPrecision precision;
    private final int layers, kvHeads, headDim, positions;
    /** F32: per layer, the floats. Null otherwise. */
    private final float[][] keys, values;
    /** BF16, F16: per layer, the 16-bit codes. Null otherwise. */
    private final short[][] keyCodes, valueCodes;

    /** A cache for {@code contextLength} positions (rounded up to whole key tiles) of {@code layers} layers. */
    public KvCache(KvPrecision precision, int layers, int kvHeads, int headDim, int contextLength) {
        if (precision == null) throw new IllegalArgumentException("KV cache precision must not be null");
        if (layers < 1 || kvHeads < 1 || headDim < 1 || contextLength < 1) {
            throw new IllegalArgumentException("KV cache of " + layers + " layers, " + kvHeads + " kv heads, head dim " + headDim
                    + ", " + contextLength + " positions: all must be >= 1");
        }
        this.precision = precision;
        this.layers = layers;
        this.kvHeads = kvHeads;
        this.headDim = headDim;
        this.positions = wholeTiles(contextLength);
        long elements = (long) kvHeads * positions * headDim;
        if (elements > Integer.MAX_VALUE - 64) {
            throw new IllegalArgumentException("KV cache of " + contextLength + " positions x " + kvHeads + " kv heads x head dim "
                    + headDim + " does not fit a Java array (" + elements + " elements a layer)");
        }
        int n = (int) elements;
        if (precision == KvPrecision.F32) {
            keys = new float[layers][n];
            values = new float[layers][n];
            keyCodes = valueCodes = null;
        } else {
            int padded = (n + HalfFloats.GROUP - 1) / HalfFloats.GROUP * HalfFloats.GROUP; // whole groups of the paired layout
            keyCodes = new short[layers][padded];
            valueCodes = new short[layers][padded];
            keys = values = null;
        }
    }

    /** {@code positions} rounded up to whole key tiles of {@link Backend#KEY_TILE}. */
    static int wholeTiles(int positions) {
        return (positions + Backend.KEY_TILE - 1) / Backend.KEY_TILE * Backend.KEY_TILE;
    }

    public KvPrecision precision() {
        return precision;
    }

    public int layers() {
        return layers;
    }

    public int kvHeads() {
        return kvHeads;
    }

    public int headDim() {
        return headDim;
    }

    /** Slots per key/value head: the context length rounded up to whole key tiles. */
    public int positions() {
        return positions;
    }

    /** Bytes the cache holds: keys and values, every layer, the whole context. */
    public long bytes() {
        return 2L * layers * kvHeads * positions * headDim * precision.bytes();
    }

    /**
     * Stores one token's keys {@code k[kOff .. kOff + kvHeads*headDim)} and values {@code v[vOff ..]} (head h's at
     * {@code h*headDim}) at position {@code pos} of {@code layer}, each rounded to the cache's precision.
     */
    public void store(int layer, int pos, float[] k, int kOff, float[] v, int vOff) {
        if (pos < 0 || pos >= positions) throw new IndexOutOfBoundsException("position " + pos + " outside the cache's 0.." + (positions - 1));
        int lane = pos % Backend.KEY_TILE, t = Backend.KEY_TILE;
        for (int h = 0; h < kvHeads; h++) {
            int slot = h * positions + pos, tile = (slot - lane) * headDim + lane, src = h * headDim, row = slot * headDim;
            switch (precision) {
                case F32 -> {
                    float[] ks = keys[layer];
                    for (int i = 0; i < headDim; i++) ks[tile + i * t] = k[kOff + src + i];
                    System.arraycopy(v, vOff + src, values[layer], row, headDim);
                }
                case BF16 -> {
                    short[] ks = keyCodes[layer], vs = valueCodes[layer];
                    for (int i = 0; i < headDim; i++) {
                        ks[HalfFloats.paired(tile + i * t)] = HalfFloats.toBF16(k[kOff + src + i]);
                        vs[HalfFloats.paired(row + i)] = HalfFloats.toBF16(v[vOff + src + i]);
                    }
                }
                case F16 -> {
                    short[] ks = keyCodes[layer], vs = valueCodes[layer];
                    for (int i = 0; i < headDim; i++) {
                        ks[HalfFloats.paired(tile + i * t)] = Float.floatToFloat16(k[kOff + src + i]);
                        vs[HalfFloats.paired(row + i)] = Float.floatToFloat16(v[vOff + src + i]);
                    }
                }
            }
        }
    }

    /** Element i of the key stored for head {@code kvHead} at {@code pos} of {@code layer}, as attention reads it. */
    public float key(int layer, int kvHead, int pos, int i) {
        int slot = kvHead * positions + pos, lane = pos % Backend.KEY_TILE;
        return element(true, layer, (slot - lane) * headDim + i * Backend.KEY_TILE + lane);
    }

    /** Element i of the value stored for head {@code kvHead} at {@code pos} of {@code layer}, as attention reads it. */
    public float value(int layer, int kvHead, int pos, int i) {
        return element(false, layer, (kvHead * positions + pos) * headDim + i);
    }

    private float element(boolean key, int layer, int index) {
        return switch (precision) {
            case F32 -> (key ? keys : values)[layer][index];
            case BF16 -> HalfFloats.fromBF16((key ? keyCodes : valueCodes)[layer][HalfFloats.paired(index)]);
            case F16 -> Float.float16ToFloat((key ? keyCodes : valueCodes)[layer][HalfFloats.paired(index)]);
        };
    }

    /** F32: the layer's keys, read in place. */
    float[] keys(int layer) {
        return keys[layer];
    }

    /** F32: the layer's values, read in place. */
    float[] values(int layer) {
        return values[layer];
    }

    /** 16-bit precisions: {@code dst[d .. d+n)} = the layer's key (or value) elements {@code from .. from+n}, widened. */
    void widen(boolean key, int layer, int from, int n, float[] dst, int d) {
        short[] src = (key ? keyCodes : valueCodes)[layer];
        if (precision == KvPrecision.BF16) HalfFloats.widenBF16(src, from, dst, d, n);
        else HalfFloats.widenF16(src, from, dst, d, n);
    }

    /**
     * 16-bit precisions: positions 0 .. count-1 of every head of {@code layer} widened into layer 0 of {@code target}, an
     * F32 cache of this one's shape (keys of the whole tiles that hold them). A batch reads each block of the cache once
     * per query tile: widened once, here, instead of once each time.
     */
    void widenLayer(int layer, int count, KvCache target) {
        int tiled = wholeTiles(count);
        for (int h = 0; h < kvHeads; h++) {
            int first = h * positions * headDim;
            widen(true, layer, first, tiled * headDim, target.keys[0], first);
            widen(false, layer, first, count * headDim, target.values[0], first);
        }
    }

    /** Whether {@code other} has this cache's heads, head size and positions (one can stand in for the other's layer). */
    boolean sameShape(KvCache other) {
        return other.kvHeads == kvHeads && other.headDim == headDim && other.positions == positions;
    }
}
