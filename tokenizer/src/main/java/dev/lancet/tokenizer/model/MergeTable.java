package dev.lancet.tokenizer.model;

import java.util.Arrays;

/**
 * BPE merges: the pair (left id, right id) maps to its rank (its line in the merges list; lower merges
 * first) and the id of the merged token. Open addressing over packed longs, so a lookup in the merge
 * loop allocates nothing. A pair listed twice keeps its later rank, as the Rust library does.
 */
final class MergeTable {
    private static final long EMPTY = -1L;
    private final long[] keys;
    private final long[] values;
    private final int mask;
    private int size;

    MergeTable(int expected) {
        int cap = Integer.highestOneBit(Math.max(16, expected * 2 - 1)) << 1;
        keys = new long[cap];
        values = new long[cap];
        Arrays.fill(keys, EMPTY);
        mask = cap - 1;
    }

    private static long key(int left, int right) {
        return ((long) left << 32) | (right & 0xFFFFFFFFL);
    }

    private static int slot(long key, int mask) {
        long h = key * 0x9E3779B97F4A7C15L;
        return (int) (h >>> 40) & mask;
    }

    void put(int left, int right, int rank, int mergedId) {
        long k = key(left, right);
        int i = slot(k, mask);
        while (keys[i] != EMPTY && keys[i] != k) i = (i + 1) & mask;
        if (keys[i] == EMPTY) size++;
        keys[i] = k;
        values[i] = ((long) rank << 32) | (mergedId & 0xFFFFFFFFL);
    }

    /** Packed {@code rank << 32 | mergedId}, or -1 when the pair never merges. */
    long get(int left, int right) {
        long k = key(left, right);
        int i = slot(k, mask);
        while (true) {
            long found = keys[i];
            if (found == k) return values[i];
            if (found == EMPTY) return -1L;
            i = (i + 1) & mask;
        }
    }

    int size() {
        return size;
    }
}
