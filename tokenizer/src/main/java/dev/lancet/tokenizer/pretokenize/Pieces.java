package dev.lancet.tokenizer.pretokenize;

import java.util.ArrayList;

/**
 * The pieces a pre-tokenizer stage produced, in order. Remembers whether the first piece begins at
 * offset 0 of the encoded text, which Metaspace's {@code prepend_scheme: first} needs. Empty pieces
 * are dropped, as the Rust library drops them.
 */
public final class Pieces {
    private final ArrayList<String> items = new ArrayList<>();
    private boolean firstAtStart;

    public void add(String piece, boolean atStart) {
        if (piece.isEmpty()) return;
        if (items.isEmpty()) firstAtStart = atStart;
        items.add(piece);
    }

    public int size() {
        return items.size();
    }

    public String get(int i) {
        return items.get(i);
    }

    /** True when piece {@code i} begins at offset 0 of the text being encoded. */
    public boolean atStart(int i) {
        return i == 0 && firstAtStart;
    }

    public void clear() {
        items.clear();
        firstAtStart = false;
    }
}
