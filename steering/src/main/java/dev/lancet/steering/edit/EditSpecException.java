package dev.lancet.steering.edit;

import dev.lancet.runtime.LancetException;

/**
 * A bad edit plan: an unknown site or op, a layer or neuron out of range, a vector of the wrong length, a NaN or
 * infinite number, a missing statistics file. The message reads {@code SOURCE: edits[INDEX].FIELD: detail}, so the
 * user finds the edit in the file; {@link #index()} and {@link #field()} give the same to code.
 */
public class EditSpecException extends LancetException {
    private final int index;
    private final String field;

    public EditSpecException(String source, int index, String field, String detail) {
        super(location(source, index, field) + ": " + detail);
        this.index = index;
        this.field = field;
    }

    /** For problems with the file as a whole (not JSON, no "edits" list). */
    public EditSpecException(String source, String detail) {
        super(source + ": " + detail);
        this.index = -1;
        this.field = null;
    }

    private static String location(String source, int index, String field) {
        return source + ": edits[" + index + "]" + (field == null ? "" : "." + field);
    }

    /** The 0-based index of the edit in the plan, or -1 when the problem is not one edit's. */
    public int index() {
        return index;
    }

    /** The JSON field at fault (e.g. "layers", "vector"), or null. */
    public String field() {
        return field;
    }
}
