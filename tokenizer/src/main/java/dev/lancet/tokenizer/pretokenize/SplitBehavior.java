package dev.lancet.tokenizer.pretokenize;

/** What a split does with the delimiters it finds (tokenizer.json {@code behavior}). */
public enum SplitBehavior {
    /** Delimiters are dropped. */
    REMOVED("Removed"),
    /** Each delimiter is a piece of its own. */
    ISOLATED("Isolated"),
    /** A delimiter joins the piece before it. */
    MERGED_WITH_PREVIOUS("MergedWithPrevious"),
    /** A delimiter joins the piece after it. */
    MERGED_WITH_NEXT("MergedWithNext"),
    /** Adjacent delimiters form one piece. */
    CONTIGUOUS("Contiguous");

    private final String jsonName;

    SplitBehavior(String jsonName) {
        this.jsonName = jsonName;
    }

    /** The behaviour named {@code name} in tokenizer.json, or null. */
    public static SplitBehavior fromJson(String name) {
        for (SplitBehavior b : values()) if (b.jsonName.equalsIgnoreCase(name)) return b;
        return null;
    }
}
