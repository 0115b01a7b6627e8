package dev.lancet.tokenizer.pretokenize;

/**
 * Turns a run of segments that cover a piece, each flagged as delimiter (match) or not, into output
 * pieces according to a {@link SplitBehavior}. Segments arrive left to right; the rules are those of
 * the Rust library's {@code NormalizedString::split}:
 * MergedWithPrevious attaches a match to the piece before it unless that piece is itself a match;
 * MergedWithNext attaches a match to the piece after it unless that one is a match;
 * Contiguous joins runs of adjacent matches.
 */
final class SegmentJoiner {
    private final String text;
    private final boolean atStart;
    private final SplitBehavior behavior;
    private final boolean invert;
    private final PieceEncoder encoder;
    private final Pieces out;

    private int curStart = -1;
    private int curEnd;
    private boolean prevMatch;
    // MergedWithNext looks one segment ahead: the held segment waits for its successor's flag.
    private int heldStart = -1;
    private int heldEnd;
    private boolean heldMatch;
    private int carryStart = -1;

    SegmentJoiner(String text, boolean atStart, SplitBehavior behavior, boolean invert,
                  PieceEncoder encoder, Pieces out) {
        this.text = text;
        this.atStart = atStart;
        this.behavior = behavior;
        this.invert = invert;
        this.encoder = encoder;
        this.out = out;
    }

    void segment(int start, int end, boolean isMatch) {
        boolean m = isMatch != invert;
        switch (behavior) {
            case ISOLATED -> emit(start, end);
            case REMOVED -> {
                if (!m) emit(start, end);
            }
            case MERGED_WITH_PREVIOUS -> {
                if (m && !prevMatch && curStart >= 0) {
                    curEnd = end;
                } else {
                    flushCurrent();
                    curStart = start;
                    curEnd = end;
                }
            }
            case CONTIGUOUS -> {
                if (m == prevMatch && curStart >= 0) {
                    curEnd = end;
                } else {
                    flushCurrent();
                    curStart = start;
                    curEnd = end;
                }
            }
            case MERGED_WITH_NEXT -> {
                if (heldStart >= 0) releaseHeld(true, m);
                heldStart = start;
                heldEnd = end;
                heldMatch = m;
            }
        }
        prevMatch = m;
    }

    void finish() {
        if (behavior == SplitBehavior.MERGED_WITH_NEXT) {
            if (heldStart >= 0) releaseHeld(false, false);
        } else {
            flushCurrent();
        }
    }

    private void releaseHeld(boolean hasNext, boolean nextMatch) {
        if (heldMatch && hasNext && !nextMatch) {
            if (carryStart < 0) carryStart = heldStart;
            return;
        }
        emit(carryStart >= 0 ? carryStart : heldStart, heldEnd);
        carryStart = -1;
    }

    private void flushCurrent() {
        if (curStart >= 0) emit(curStart, curEnd);
        curStart = -1;
    }

    private void emit(int start, int end) {
        if (start >= end) return;
        String piece = encoder == null ? text.substring(start, end) : encoder.encode(text, start, end);
        out.add(piece, atStart && start == 0);
    }
}
