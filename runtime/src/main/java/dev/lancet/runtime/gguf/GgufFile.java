package dev.lancet.runtime.gguf;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A GGUF file (version 2 or 3), memory-mapped read-only and parsed defensively: every length, count, offset and
 * dimension is checked against the file size before it is used, and errors name the file and the field.
 *
 * <pre>
 * Layout, all little-endian:
 *   u32 magic "GGUF" | u32 version | u64 tensor_count | u64 metadata_kv_count
 *   metadata_kv_count x { string key | u32 value_type | value }
 *       string = u64 byte length + UTF-8 bytes (no terminator)
 *       array  = u32 element type + u64 count + count encoded elements
 *   tensor_count x { string name | u32 n_dims (&lt;= 4) | u64 ne[n_dims] | u32 ggml_type | u64 offset }
 *   zero padding up to a multiple of general.alignment (u32, default 32)
 *   tensor data; each offset is relative to the start of this section and a multiple of the alignment
 * </pre>
 *
 * Tensor data stays in the mapping ({@link #tensorData} is a zero-copy slice) until {@link #close()}.
 */
public final class GgufFile implements AutoCloseable {
    /** "GGUF" read as a little-endian u32. */
    public static final int MAGIC = 0x46554747;
    public static final long DEFAULT_ALIGNMENT = 32;
    public static final String ALIGNMENT_KEY = "general.alignment";
    /** GGML_MAX_DIMS. */
    public static final int MAX_DIMS = 4;
    /** Arrays of arrays nest at most this deep; deeper input would only serve to exhaust the stack. */
    private static final int MAX_ARRAY_DEPTH = 8;
    private static final int MAX_JAVA_ARRAY = Integer.MAX_VALUE - 8;

    static final ValueLayout.OfShort I16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    static final ValueLayout.OfInt I32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    static final ValueLayout.OfLong I64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    static final ValueLayout.OfFloat F32 = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    static final ValueLayout.OfDouble F64 = ValueLayout.JAVA_DOUBLE_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private final Path path;
    private final Arena arena;
    private final MemorySegment file;
    private final int version;
    private final Map<String, Object> metadata = new LinkedHashMap<>();
    private final Map<String, GgufValueType> valueTypes = new LinkedHashMap<>();
    private final Map<String, GgufTensorInfo> tensors = new LinkedHashMap<>();
    private final long alignment;
    private final long dataOffset;

    /** Maps and parses {@code path}; the caller closes the returned file. */
    public static GgufFile open(Path path) {
        Arena arena = Arena.ofShared();
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            MemorySegment segment = channel.map(FileChannel.MapMode.READ_ONLY, 0, channel.size(), arena);
            return new GgufFile(path, arena, segment);
        } catch (IOException e) {
            arena.close();
            throw new GgufException("cannot read GGUF file " + path + ": " + e, e);
        } catch (RuntimeException e) {
            arena.close();
            throw e;
        }
    }

    private GgufFile(Path path, Arena arena, MemorySegment file) {
        this.path = path;
        this.arena = arena;
        this.file = file;
        Cursor in = new Cursor();

        int magic = in.i32("magic");
        if (magic != MAGIC) {
            throw fail(String.format("bad magic 0x%08x, expected 0x%08x (\"GGUF\"): not a GGUF file", magic, MAGIC));
        }
        version = in.i32("version");
        if (version != 2 && version != 3) {
            boolean swapped = version != 0 && (version & 0xFFFF) == 0;
            throw fail("unsupported version " + Integer.toUnsignedString(version)
                    + (swapped ? " (a big-endian GGUF file?)" : "") + "; versions 2 and 3 are supported");
        }
        long tensorCount = in.count("tensor_count", 24);        // name length 8 + n_dims 4 + type 4 + offset 8
        long kvCount = in.count("metadata_kv_count", 13);       // key length 8 + type 4 + one byte of value

        for (long i = 0; i < kvCount; i++) {
            String key = in.name("metadata key #" + i);
            if (metadata.containsKey(key)) {
                throw fail("duplicate metadata key '" + key + "'");
            }
            GgufValueType type = in.valueType("metadata '" + key + "' value type");
            valueTypes.put(key, type);
            metadata.put(key, in.value(type, "metadata '" + key + "'", 0));
        }
        alignment = readAlignment();

        List<PendingTensor> pending = new ArrayList<>();
        for (long i = 0; i < tensorCount; i++) {
            String name = in.name("tensor #" + i + " name");
            String field = "tensor '" + name + "'";
            long nDims = Integer.toUnsignedLong(in.i32(field + " n_dims"));
            if (nDims > MAX_DIMS) {
                throw fail(field + " has n_dims " + nDims + ", at most " + MAX_DIMS + " allowed");
            }
            long[] shape = new long[(int) nDims];
            for (int d = 0; d < nDims; d++) {
                shape[d] = in.i64(field + " ne[" + d + "]");
                if (shape[d] < 0) {
                    throw fail(field + " has ne[" + d + "] = " + Long.toUnsignedString(shape[d]));
                }
            }
            int typeId = in.i32(field + " ggml type");
            pending.add(new PendingTensor(name, shape, typeId, in.i64(field + " data offset")));
        }
        dataOffset = alignUp(in.pos, alignment);   // the data section starts after the tensor infos, padded

        for (PendingTensor p : pending) {
            if (tensors.put(p.name, checkedTensor(p.name, p.shape, p.typeId, p.relOffset)) != null) {
                throw fail("duplicate tensor name '" + p.name + "'");
            }
        }
        checkNoOverlap();
    }

    private long readAlignment() {
        Object value = metadata.get(ALIGNMENT_KEY);
        if (value == null) {
            return DEFAULT_ALIGNMENT;
        }
        if (!(value instanceof Integer || value instanceof Long)) {
            throw fail("metadata '" + ALIGNMENT_KEY + "' is " + valueTypes.get(ALIGNMENT_KEY) + ", expected UINT32");
        }
        long a = ((Number) value).longValue();
        if (a <= 0 || Long.bitCount(a) != 1 || a > (1 << 30)) {
            throw fail("metadata '" + ALIGNMENT_KEY + "' = " + a + " is not a power of two in [1, 2^30]");
        }
        return a;
    }

    /** Element count, byte size and data bounds of one tensor (data section start is known by now). */
    private GgufTensorInfo checkedTensor(String name, long[] shape, int typeId, long relOffset) {
        String field = "tensor '" + name + "'";
        long count = 1;
        for (long d : shape) {
            try {
                count = Math.multiplyExact(count, d);
            } catch (ArithmeticException e) {
                throw fail(field + " element count overflows 64 bits");
            }
        }
        if (relOffset < 0 || relOffset % alignment != 0) {
            throw fail(field + " data offset " + Long.toUnsignedString(relOffset)
                    + " is not a multiple of the alignment " + alignment);
        }
        long available = file.byteSize() - dataOffset;
        if (relOffset > available) {
            throw fail(field + " data offset " + relOffset + " lies past the end of the file (data section starts at "
                    + dataOffset + ", file size " + file.byteSize() + ")");
        }
        GgmlType type = GgmlType.byId(Integer.toUnsignedLong(typeId));
        long size = -1;
        if (type != null) {
            long rowLength = shape.length == 0 ? 1 : shape[0];
            if (rowLength % type.blockSize != 0) {
                throw fail(field + " of type " + type + " has ne[0] = " + rowLength
                        + ", not a multiple of its block size " + type.blockSize);
            }
            long blocks = count / type.blockSize;
            if (blocks > (available - relOffset) / type.typeSize) {
                throw fail(field + " data (" + blocks + " blocks of " + type.typeSize + " bytes at offset "
                        + (dataOffset + relOffset) + ") runs past the end of the file (size " + file.byteSize()
                        + "): truncated tensor data");
            }
            size = blocks * type.typeSize;
        }
        return new GgufTensorInfo(name, shape, typeId, type, dataOffset + relOffset, size);
    }

    private record PendingTensor(String name, long[] shape, int typeId, long relOffset) {}

    private void checkNoOverlap() {
        List<GgufTensorInfo> sized = new ArrayList<>();
        for (GgufTensorInfo t : tensors.values()) {
            if (t.byteSize() > 0) {
                sized.add(t);
            }
        }
        sized.sort(Comparator.comparingLong(GgufTensorInfo::fileOffset));
        for (int i = 1; i < sized.size(); i++) {
            GgufTensorInfo prev = sized.get(i - 1);
            GgufTensorInfo cur = sized.get(i);
            if (prev.fileOffset() + prev.byteSize() > cur.fileOffset()) {
                throw fail("tensor '" + cur.name() + "' data at offset " + cur.fileOffset() + " overlaps tensor '"
                        + prev.name() + "' [" + prev.fileOffset() + ", " + (prev.fileOffset() + prev.byteSize()) + ")");
            }
        }
    }

    // ---- accessors ----------------------------------------------------------------------------------------------

    public Path path() {
        return path;
    }

    public int version() {
        return version;
    }

    /** Metadata in file order; values in the Java types listed on {@link GgufValueType}. */
    public Map<String, Object> metadata() {
        return Collections.unmodifiableMap(metadata);
    }

    /** The stored type of a metadata value (ARRAY for arrays), or null when the key is absent. */
    public GgufValueType valueType(String key) {
        return valueTypes.get(key);
    }

    /** A required string value. */
    public String getString(String key) {
        if (required(key) instanceof String s) {
            return s;
        }
        throw fail("metadata '" + key + "' is " + valueTypes.get(key) + ", expected STRING");
    }

    /** A required value of any integer type. */
    public long getLong(String key) {
        Object v = required(key);
        if (v instanceof Integer || v instanceof Long) {
            return ((Number) v).longValue();
        }
        throw fail("metadata '" + key + "' is " + valueTypes.get(key) + ", expected an integer");
    }

    private Object required(String key) {
        Object v = metadata.get(key);
        if (v == null) {
            throw fail("metadata key '" + key + "' is missing");
        }
        return v;
    }

    public long alignment() {
        return alignment;
    }

    /** Absolute file offset of the tensor data section. */
    public long dataOffset() {
        return dataOffset;
    }

    /** Tensor infos in file order. */
    public List<GgufTensorInfo> tensors() {
        return List.copyOf(tensors.values());
    }

    public boolean hasTensor(String name) {
        return tensors.containsKey(name);
    }

    public GgufTensorInfo tensor(String name) {
        GgufTensorInfo t = tensors.get(name);
        if (t == null) {
            throw fail("no tensor '" + name + "'");
        }
        return t;
    }

    /** Zero-copy read-only slice of the tensor's bytes, valid until {@link #close()}. */
    public MemorySegment tensorData(String name) {
        GgufTensorInfo t = tensor(name);
        if (t.type() == null) {
            throw fail("tensor '" + name + "' has unknown ggml type " + Integer.toUnsignedString(t.typeId()));
        }
        return file.asSlice(t.fileOffset(), t.byteSize()).asReadOnly();
    }

    /** The tensor's elements in storage order (ne[0] fastest), F16 and BF16 widened exactly to float. */
    public float[] readFloats(String name) {
        GgufTensorInfo t = tensor(name);
        MemorySegment data = tensorData(name);
        if (t.type() != GgmlType.F32 && t.type() != GgmlType.F16 && t.type() != GgmlType.BF16) {
            throw fail("tensor '" + name + "' has ggml type " + t.type() + "; only F32, F16 and BF16 read as floats");
        }
        if (t.elementCount() > MAX_JAVA_ARRAY) {
            throw fail("tensor '" + name + "' has " + t.elementCount() + " elements, too many for one float[]");
        }
        float[] out = new float[(int) t.elementCount()];
        switch (t.type()) {
            case F32 -> MemorySegment.copy(data, F32, 0, out, 0, out.length);
            case F16 -> {
                for (int i = 0; i < out.length; i++) {
                    out[i] = Float.float16ToFloat(data.get(I16, 2L * i));
                }
            }
            default -> { // BF16 is the top half of an IEEE float32
                for (int i = 0; i < out.length; i++) {
                    out[i] = Float.intBitsToFloat(data.get(I16, 2L * i) << 16);
                }
            }
        }
        return out;
    }

    @Override
    public void close() {
        arena.close();
    }

    @Override
    public String toString() {
        return "GgufFile[" + path + ", v" + version + ", " + metadata.size() + " keys, " + tensors.size() + " tensors]";
    }

    static long alignUp(long x, long alignment) {
        return (x + alignment - 1) / alignment * alignment;
    }

    private GgufException fail(String detail) {
        return new GgufException("GGUF file " + path + ": " + detail);
    }

    // ---- bounds-checked sequential reads over the mapped header -------------------------------------------------

    private final class Cursor {
        long pos;

        private long remaining() {
            return file.byteSize() - pos;
        }

        private void need(long bytes, String field) {
            if (bytes > remaining()) {
                throw fail("truncated at " + field + ": needs " + bytes + " bytes at offset " + pos + ", file size "
                        + file.byteSize());
            }
        }

        byte i8(String field) {
            need(1, field);
            return file.get(ValueLayout.JAVA_BYTE, pos++);
        }

        short i16(String field) {
            need(2, field);
            short v = file.get(I16, pos);
            pos += 2;
            return v;
        }

        int i32(String field) {
            need(4, field);
            int v = file.get(I32, pos);
            pos += 4;
            return v;
        }

        long i64(String field) {
            need(8, field);
            long v = file.get(I64, pos);
            pos += 8;
            return v;
        }

        /** A u64 count of items each at least {@code minItemBytes} long: more than fit in the rest of the file is absurd. */
        long count(String field, int minItemBytes) {
            long n = i64(field);
            if (n < 0 || n > remaining() / minItemBytes) {
                throw fail(field + " " + Long.toUnsignedString(n) + " is impossible: the remaining " + remaining()
                        + " bytes hold at most " + remaining() / minItemBytes);
            }
            return n;
        }

        GgufValueType valueType(String field) {
            int id = i32(field);
            GgufValueType type = GgufValueType.byId(Integer.toUnsignedLong(id));
            if (type == null) {
                throw fail(field + ": unknown value type " + Integer.toUnsignedString(id));
            }
            return type;
        }

        private byte[] stringBytes(String field) {
            long len = i64(field + " length");
            if (len < 0 || len > remaining()) {
                throw fail(field + ": string length " + Long.toUnsignedString(len) + " at offset " + (pos - 8)
                        + " runs past the end of the file (size " + file.byteSize() + ")");
            }
            if (len > MAX_JAVA_ARRAY) {
                throw fail(field + ": string length " + len + " is too long");
            }
            byte[] bytes = file.asSlice(pos, len).toArray(ValueLayout.JAVA_BYTE);
            pos += len;
            return bytes;
        }

        /** A key or tensor name: must be valid UTF-8 and non-empty. */
        String name(String field) {
            long start = pos;
            byte[] bytes = stringBytes(field);
            try {
                String s = StandardCharsets.UTF_8.newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT)
                        .decode(ByteBuffer.wrap(bytes)).toString();
                if (!s.isEmpty()) {
                    return s;
                }
            } catch (CharacterCodingException e) {
                throw fail(field + " at offset " + start + " is not valid UTF-8");
            }
            throw fail(field + " at offset " + start + " is empty");
        }

        /** A string value: invalid UTF-8 (seen in some vocabularies) is replaced, not fatal. */
        String string(String field) {
            return new String(stringBytes(field), StandardCharsets.UTF_8);
        }

        Object value(GgufValueType type, String field, int depth) {
            return switch (type) {
                case UINT8 -> i8(field) & 0xFF;
                case INT8 -> (int) i8(field);
                case UINT16 -> i16(field) & 0xFFFF;
                case INT16 -> (int) i16(field);
                case UINT32 -> Integer.toUnsignedLong(i32(field));
                case INT32 -> i32(field);
                case FLOAT32 -> Float.intBitsToFloat(i32(field));
                case BOOL -> bool(field);
                case STRING -> string(field);
                case ARRAY -> array(field, depth);
                case UINT64, INT64 -> i64(field);
                case FLOAT64 -> Double.longBitsToDouble(i64(field));
            };
        }

        private boolean bool(String field) {
            byte b = i8(field);
            if (b != 0 && b != 1) {
                throw fail(field + ": bool byte " + b + " at offset " + (pos - 1) + " is neither 0 nor 1");
            }
            return b == 1;
        }

        private Object array(String field, int depth) {
            if (depth >= MAX_ARRAY_DEPTH) {
                throw fail(field + ": arrays nested deeper than " + MAX_ARRAY_DEPTH);
            }
            GgufValueType type = valueType(field + " array element type");
            long n = count(field + " array count", type.minEncodedSize());
            if (n > MAX_JAVA_ARRAY) {
                throw fail(field + " array count " + n + " is too large");
            }
            int count = (int) n;
            String item = field + " element";
            switch (type) {
                case FLOAT32 -> {
                    float[] a = new float[count];
                    MemorySegment.copy(file, F32, pos, a, 0, count);
                    pos += 4L * count;
                    return a;
                }
                case FLOAT64 -> {
                    double[] a = new double[count];
                    MemorySegment.copy(file, F64, pos, a, 0, count);
                    pos += 8L * count;
                    return a;
                }
                case BOOL -> {
                    boolean[] a = new boolean[count];
                    for (int i = 0; i < count; i++) {
                        a[i] = bool(item);
                    }
                    return a;
                }
                case STRING -> {
                    List<String> a = new ArrayList<>(count);
                    for (int i = 0; i < count; i++) {
                        a.add(string(item));
                    }
                    return Collections.unmodifiableList(a);
                }
                case ARRAY -> {
                    List<Object> a = new ArrayList<>(count);
                    for (int i = 0; i < count; i++) {
                        a.add(array(item, depth + 1));
                    }
                    return Collections.unmodifiableList(a);
                }
                case UINT32, INT64, UINT64 -> {
                    long[] a = new long[count];
                    for (int i = 0; i < count; i++) {
                        a[i] = (Long) value(type, item, depth);
                    }
                    return a;
                }
                default -> { // the int-like types
                    int[] a = new int[count];
                    for (int i = 0; i < count; i++) {
                        a[i] = (Integer) value(type, item, depth);
                    }
                    return a;
                }
            }
        }
    }
}
