package dev.lancet.runtime.gguf;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds a GGUF v3 file of metadata and F32 tensors (layout on {@link GgufFile}). Each tensor's data starts at a
 * multiple of the alignment ({@code general.alignment} when put, else 32) and is zero-padded to the next one.
 * {@link #write} goes to a temporary file in the target's directory and then renames it over the target, so an
 * error never leaves a half-written file behind.
 */
public final class GgufWriter {
    /** GGML_MAX_NAME counts the terminating NUL. */
    public static final int MAX_NAME_BYTES = 63;

    private record Entry(GgufValueType type, GgufValueType elementType, Object value) {}

    private record Tensor(String name, long[] shape, float[] values) {}

    private final Map<String, Entry> metadata = new LinkedHashMap<>();
    private final Map<String, Tensor> tensors = new LinkedHashMap<>();

    /**
     * Puts a value with its type inferred: String, Boolean, Byte INT8, Short INT16, Integer INT32, Long INT64,
     * Float FLOAT32, Double FLOAT64; arrays of those element types as int[], long[], float[], double[], boolean[],
     * String[] or a List of Strings.
     */
    public GgufWriter put(String key, Object value) {
        return switch (value) {
            case String s -> put(key, GgufValueType.STRING, s);
            case Boolean b -> put(key, GgufValueType.BOOL, b);
            case Byte b -> put(key, GgufValueType.INT8, b);
            case Short s -> put(key, GgufValueType.INT16, s);
            case Integer i -> put(key, GgufValueType.INT32, i);
            case Long l -> put(key, GgufValueType.INT64, l);
            case Float f -> put(key, GgufValueType.FLOAT32, f);
            case Double d -> put(key, GgufValueType.FLOAT64, d);
            case int[] a -> putArray(key, GgufValueType.INT32, a);
            case long[] a -> putArray(key, GgufValueType.INT64, a);
            case float[] a -> putArray(key, GgufValueType.FLOAT32, a);
            case double[] a -> putArray(key, GgufValueType.FLOAT64, a);
            case boolean[] a -> putArray(key, GgufValueType.BOOL, a);
            case String[] a -> putArray(key, GgufValueType.STRING, a);
            case List<?> a -> putArray(key, GgufValueType.STRING, a);
            case null -> throw new GgufException("metadata '" + key + "': null value");
            default -> throw new GgufException("metadata '" + key + "': cannot infer a GGUF type for "
                    + value.getClass().getName() + "; use put(key, type, value)");
        };
    }

    /** Puts a scalar of an explicit type; integers are range-checked against it (UINT32 takes 0..2^32-1). */
    public GgufWriter put(String key, GgufValueType type, Object value) {
        if (type == GgufValueType.ARRAY) {
            throw new GgufException("metadata '" + key + "': use putArray for arrays");
        }
        checkScalar(key, type, value);
        metadata.put(checkedName(key, "metadata key"), new Entry(type, null, value));
        return this;
    }

    /** Puts an array: a Java array or List whose elements all suit {@code elementType} (nested arrays are not written). */
    public GgufWriter putArray(String key, GgufValueType elementType, Object values) {
        List<Object> elements = elements(key, values);
        for (Object e : elements) {
            if (elementType == GgufValueType.ARRAY) {
                throw new GgufException("metadata '" + key + "': nested arrays are not written by Lancet");
            }
            checkScalar(key, elementType, e);
        }
        metadata.put(checkedName(key, "metadata key"), new Entry(GgufValueType.ARRAY, elementType, elements));
        return this;
    }

    /** Adds an F32 tensor; {@code shape} is in ggml order (ne[0] fastest), defaulting to {@code [values.length]}. */
    public GgufWriter addTensor(String name, float[] values, long... shape) {
        String field = "tensor '" + name + "'";
        long[] dims = shape.length == 0 ? new long[] {values.length} : shape.clone();
        if (dims.length > GgufFile.MAX_DIMS) {
            throw new GgufException(field + ": " + dims.length + " dimensions, at most " + GgufFile.MAX_DIMS);
        }
        long count = 1;
        for (long d : dims) {
            if (d < 1) {
                throw new GgufException(field + ": dimension " + d + " in shape " + Arrays.toString(dims));
            }
            count = Math.multiplyExact(count, d);
        }
        if (count != values.length) {
            throw new GgufException(field + ": shape " + Arrays.toString(dims) + " holds " + count + " elements, "
                    + values.length + " given");
        }
        if (tensors.containsKey(checkedName(name, "tensor name"))) {
            throw new GgufException(field + " added twice");
        }
        tensors.put(name, new Tensor(name, dims, values.clone()));
        return this;
    }

    /** Writes the file atomically: temp file in the same directory, fsync, rename over {@code path}. */
    public void write(Path path) {
        long alignment = alignment();
        Path target = path.toAbsolutePath();
        Path tmp = null;
        try {
            tmp = Files.createTempFile(target.getParent(), "." + target.getFileName() + ".", ".tmp");
            if (Files.getFileStore(tmp).supportsFileAttributeView("posix")) {  // temp files start as 0600
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-r--r--"));
            }
            try (FileChannel out = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                writeAll(out, header(alignment));
                for (Tensor t : tensors.values()) {
                    writeFloats(out, t.values);
                    writeAll(out, ByteBuffer.allocate((int) (GgufFile.alignUp(4L * t.values.length, alignment)
                            - 4L * t.values.length)));
                }
                out.force(true);
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            tmp = null;
        } catch (IOException e) {
            throw new GgufException("cannot write GGUF file " + path + ": " + e, e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // the original failure is the one to report
                }
            }
        }
    }

    private long alignment() {
        Entry e = metadata.get(GgufFile.ALIGNMENT_KEY);
        if (e == null) {
            return GgufFile.DEFAULT_ALIGNMENT;
        }
        long a = e.value instanceof Number n ? n.longValue() : -1;
        if (e.type != GgufValueType.UINT32 || Long.bitCount(a) != 1 || a > (1 << 30)) {
            throw new GgufException("metadata '" + GgufFile.ALIGNMENT_KEY + "' must be a UINT32 power of two, got "
                    + e.type + " " + e.value);
        }
        return a;
    }

    /** Header, metadata, tensor infos and the padding before the data section, as one buffer. */
    private ByteBuffer header(long alignment) {
        Buffer b = new Buffer();
        b.i32(GgufFile.MAGIC).i32(3).i64(tensors.size()).i64(metadata.size());
        metadata.forEach((key, e) -> {
            b.string(key).i32(e.type.id);
            if (e.type == GgufValueType.ARRAY) {
                List<?> elements = (List<?>) e.value;
                b.i32(e.elementType.id).i64(elements.size());
                for (Object x : elements) {
                    b.scalar(e.elementType, x);
                }
            } else {
                b.scalar(e.type, e.value);
            }
        });
        long offset = 0;
        for (Tensor t : tensors.values()) {
            b.string(t.name).i32(t.shape.length);
            for (long d : t.shape) {
                b.i64(d);
            }
            b.i32(GgmlType.F32.id).i64(offset);
            offset = GgufFile.alignUp(offset + 4L * t.values.length, alignment);
        }
        while (b.buf.position() % alignment != 0) {
            b.ensure(1).put((byte) 0);
        }
        return b.buf.flip();
    }

    private static void writeFloats(FileChannel out, float[] values) throws IOException {
        ByteBuffer chunk = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < values.length; ) {
            chunk.clear();
            int n = Math.min(values.length - i, chunk.capacity() / 4);
            chunk.asFloatBuffer().put(values, i, n);
            chunk.limit(4 * n);
            writeAll(out, chunk);
            i += n;
        }
    }

    private static void writeAll(FileChannel out, ByteBuffer buf) throws IOException {
        while (buf.hasRemaining()) {
            out.write(buf);
        }
    }

    private static String checkedName(String name, String what) {
        if (name == null || name.isEmpty()) {
            throw new GgufException("empty " + what);
        }
        if (what.startsWith("tensor") && name.getBytes(StandardCharsets.UTF_8).length > MAX_NAME_BYTES) {
            throw new GgufException(what + " '" + name + "' is longer than " + MAX_NAME_BYTES + " bytes");
        }
        return name;
    }

    private static List<Object> elements(String key, Object values) {
        List<Object> list = new ArrayList<>();
        switch (values) {
            case int[] a -> Arrays.stream(a).forEach(list::add);
            case long[] a -> Arrays.stream(a).forEach(list::add);
            case double[] a -> Arrays.stream(a).forEach(list::add);
            case float[] a -> {
                for (float f : a) {
                    list.add(f);
                }
            }
            case boolean[] a -> {
                for (boolean x : a) {
                    list.add(x);
                }
            }
            case Object[] a -> list.addAll(Arrays.asList(a));
            case List<?> a -> list.addAll(a);
            case null, default -> throw new GgufException("metadata '" + key + "': not an array or List: " + values);
        }
        return list;
    }

    /** Rejects a value that the type cannot hold, so that {@link #write} cannot fail half-way on bad metadata. */
    private static void checkScalar(String key, GgufValueType type, Object v) {
        boolean ok = switch (type) {
            case STRING -> v instanceof String;
            case BOOL -> v instanceof Boolean;
            case FLOAT32, FLOAT64 -> v instanceof Float || v instanceof Double;
            case UINT8 -> inRange(v, 0, 0xFF);
            case INT8 -> inRange(v, Byte.MIN_VALUE, Byte.MAX_VALUE);
            case UINT16 -> inRange(v, 0, 0xFFFF);
            case INT16 -> inRange(v, Short.MIN_VALUE, Short.MAX_VALUE);
            case UINT32 -> inRange(v, 0, 0xFFFF_FFFFL);
            case INT32 -> inRange(v, Integer.MIN_VALUE, Integer.MAX_VALUE);
            case INT64, UINT64 -> inRange(v, Long.MIN_VALUE, Long.MAX_VALUE);  // UINT64 takes the 64 bits as given
            case ARRAY -> false;
        };
        if (!ok) {
            throw new GgufException("metadata '" + key + "': value " + v
                    + (v == null ? "" : " (" + v.getClass().getSimpleName() + ")") + " does not fit " + type);
        }
    }

    private static boolean inRange(Object v, long min, long max) {
        if (!(v instanceof Byte || v instanceof Short || v instanceof Integer || v instanceof Long)) {
            return false;
        }
        long x = ((Number) v).longValue();
        return x >= min && x <= max;
    }

    /** A growing little-endian byte buffer for the header. */
    private static final class Buffer {
        ByteBuffer buf = ByteBuffer.allocate(4096).order(ByteOrder.LITTLE_ENDIAN);

        ByteBuffer ensure(int bytes) {
            if (buf.remaining() < bytes) {
                int capacity = (int) Math.min(Integer.MAX_VALUE - 8, Math.max(2L * buf.capacity(), buf.position() + (long) bytes));
                buf = ByteBuffer.allocate(capacity).order(ByteOrder.LITTLE_ENDIAN).put(buf.flip());
            }
            return buf;
        }

        Buffer i32(int v) {
            ensure(4).putInt(v);
            return this;
        }

        Buffer i64(long v) {
            ensure(8).putLong(v);
            return this;
        }

        Buffer string(String s) {
            byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
            i64(bytes.length);
            ensure(bytes.length).put(bytes);
            return this;
        }

        void scalar(GgufValueType type, Object v) {
            switch (type) {
                case UINT8, INT8 -> ensure(1).put(((Number) v).byteValue());
                case BOOL -> ensure(1).put((byte) ((Boolean) v ? 1 : 0));
                case UINT16, INT16 -> ensure(2).putShort(((Number) v).shortValue());
                case UINT32, INT32 -> i32(((Number) v).intValue());
                case UINT64, INT64 -> i64(((Number) v).longValue());
                case FLOAT32 -> ensure(4).putFloat(((Number) v).floatValue());
                case FLOAT64 -> ensure(8).putDouble(((Number) v).doubleValue());
                case STRING -> string((String) v);
                case ARRAY -> throw new IllegalStateException("nested array");
            }
        }
    }
}
