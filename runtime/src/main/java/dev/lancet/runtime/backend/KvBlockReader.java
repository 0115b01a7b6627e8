package dev.lancet.runtime.backend;

/**
 * One thread's view of one layer of a {@link KvCache} during attention, a block of positions at a time: for an F32
 * cache, the cache's own arrays; for a 16-bit cache, the block's keys and values widened into this reader's
 * scratch (2 x 16 KB for {@link OnlineSoftmaxAttention#BLOCK} positions at d = 64, which stays in L1 while the
 * tile's tokens and the group's heads pass over it). The kernels then read {@link #keys} and {@link #values}
 * from {@link #offset} on, whatever the precision.
 */
final class KvBlockReader {
    /** The arrays holding the current block's keys and values as floats (both laid out as in the cache). */
    float[] keys, values;
    /** Where the block's first key tile and first value start in them. */
    int offset;
    private KvCache cache;
    private int layer;
    private float[] keyScratch = new float[0], valueScratch = new float[0];

    /**
     * Reads {@code layer} of {@code cache} from now on: an F32 layer's own arrays, or this reader's scratch (sized once
     * for the cache's head dimension).
     */
    void use(KvCache cache, int layer) {
        this.cache = cache;
        this.layer = layer;
        if (cache.precision() == KvPrecision.F32) {
            keys = cache.keys(layer);
            values = cache.values(layer);
            return;
        }
        int floats = OnlineSoftmaxAttention.BLOCK * cache.headDim();
        if (keyScratch.length < floats) {
            keyScratch = new float[floats];
            valueScratch = new float[floats];
        }
        keys = keyScratch;
        values = valueScratch;
    }

    /**
     * Makes the block of the {@code n} positions {@code p0 ..} of the head whose slots start at element {@code kvOff}
     * readable: values of those positions and keys of the whole tiles that hold them.
     */
    void block(int kvOff, int p0, int n) {
        int first = kvOff + p0 * cache.headDim();
        if (cache.precision() == KvPrecision.F32) {
            offset = first;
            return;
        }
        cache.widen(true, layer, first, KvCache.wholeTiles(n) * cache.headDim(), keyScratch, 0);
        cache.widen(false, layer, first, n * cache.headDim(), valueScratch, 0);
        offset = 0;
    }
}
