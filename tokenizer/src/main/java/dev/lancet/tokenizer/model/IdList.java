package dev.lancet.tokenizer.model;

import java.util.Arrays;

/** A growable list of token ids without boxing. */
public final class IdList {
    private int[] ids;
    private int size;

    public IdList() {
        this(16);
    }

    public IdList(int capacity) {
        ids = new int[Math.max(4, capacity)];
    }

    public void add(int id) {
        if (size == ids.length) ids = Arrays.copyOf(ids, ids.length * 2);
        ids[size++] = id;
    }

    public void addAll(int[] more) {
        if (size + more.length > ids.length) ids = Arrays.copyOf(ids, Math.max(ids.length * 2, size + more.length));
        System.arraycopy(more, 0, ids, size, more.length);
        size += more.length;
    }

    public int size() {
        return size;
    }

    public int get(int i) {
        return ids[i];
    }

    public int[] toArray() {
        return Arrays.copyOf(ids, size);
    }
}
