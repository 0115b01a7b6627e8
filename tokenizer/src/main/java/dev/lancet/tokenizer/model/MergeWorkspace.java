package dev.lancet.tokenizer.model;

/**
 * Scratch arrays for merging one word: the symbols as a doubly linked list over array slots
 * ({@code sym}, {@code prev}, {@code next}; a merged-away slot has {@code sym = -1}) and a binary
 * min-heap of candidate merges packed as {@code rank << 32 | position}, so the lowest rank pops first
 * and ties go to the leftmost pair. Each merge costs O(log n), a word of n symbols O(n log n).
 */
final class MergeWorkspace {
    /** Words longer than this get a workspace of their own instead of growing the per-thread one. */
    static final int KEEP_LIMIT = 1 << 14;

    int[] sym;
    int[] prev;
    int[] next;
    long[] heap;
    int size;
    int heapSize;

    MergeWorkspace(int capacity) {
        sym = new int[capacity];
        prev = new int[capacity];
        next = new int[capacity];
        heap = new long[capacity];
    }

    void reset() {
        size = 0;
        heapSize = 0;
    }

    void add(int id) {
        if (size == sym.length) grow();
        sym[size] = id;
        prev[size] = size - 1;
        next[size] = size + 1;
        size++;
    }

    private void grow() {
        int cap = sym.length * 2;
        sym = java.util.Arrays.copyOf(sym, cap);
        prev = java.util.Arrays.copyOf(prev, cap);
        next = java.util.Arrays.copyOf(next, cap);
    }

    void push(long entry) {
        if (heapSize == heap.length) heap = java.util.Arrays.copyOf(heap, heap.length * 2);
        int i = heapSize++;
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            if (heap[parent] <= entry) break;
            heap[i] = heap[parent];
            i = parent;
        }
        heap[i] = entry;
    }

    long pop() {
        long top = heap[0];
        long last = heap[--heapSize];
        int i = 0;
        int half = heapSize >>> 1;
        while (i < half) {
            int child = 2 * i + 1;
            if (child + 1 < heapSize && heap[child + 1] < heap[child]) child++;
            if (heap[child] >= last) break;
            heap[i] = heap[child];
            i = child;
        }
        if (heapSize > 0) heap[i] = last;
        return top;
    }
}
