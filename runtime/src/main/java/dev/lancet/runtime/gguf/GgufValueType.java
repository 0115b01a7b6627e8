package dev.lancet.runtime.gguf;

/**
 * The type tag (u32) of a GGUF metadata value. {@code byteSize} is the encoded size of a scalar, 0 for the
 * variable-length STRING (u64 length + UTF-8 bytes) and ARRAY (u32 element type + u64 count + elements).
 *
 * <p>Java representation used by {@link GgufFile#metadata()} and accepted by {@link GgufWriter}:
 * UINT8, INT8, UINT16, INT16, INT32 as Integer (int[] in arrays); UINT32, INT64, UINT64 as Long (long[]; UINT64
 * keeps its 64 bits, so values of 2^63 and above read as negative); FLOAT32 Float (float[]); FLOAT64 Double
 * (double[]); BOOL Boolean (boolean[]); STRING String (List&lt;String&gt;); an array of arrays as List&lt;Object&gt;.
 */
public enum GgufValueType {
    UINT8(0, 1), INT8(1, 1), UINT16(2, 2), INT16(3, 2), UINT32(4, 4), INT32(5, 4), FLOAT32(6, 4), BOOL(7, 1),
    STRING(8, 0), ARRAY(9, 0), UINT64(10, 8), INT64(11, 8), FLOAT64(12, 8);

    private static final GgufValueType[] BY_ID = values();

    public final int id;
    public final int byteSize;

    GgufValueType(int id, int byteSize) {
        this.id = id;
        this.byteSize = byteSize;
    }

    /** The type with this tag, or null for a tag this reader does not know. */
    public static GgufValueType byId(long id) {
        return id >= 0 && id < BY_ID.length ? BY_ID[(int) id] : null;
    }

    /** Fewest bytes one encoded value can take: bounds array counts before anything is allocated. */
    int minEncodedSize() {
        return switch (this) {
            case STRING -> 8;   // u64 length, empty string
            case ARRAY -> 12;   // u32 type + u64 count, empty array
            default -> byteSize;
        };
    }

    /** Integer types whose every value fits a Java int. */
    boolean isIntLike() {
        return this == UINT8 || this == INT8 || this == UINT16 || this == INT16 || this == INT32;
    }

    boolean isLongLike() {
        return this == UINT32 || this == INT64 || this == UINT64;
    }
}
