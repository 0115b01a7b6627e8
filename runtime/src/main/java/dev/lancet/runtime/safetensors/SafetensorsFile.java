package dev.lancet.runtime.safetensors;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.lancet.runtime.json.JsonTreeReader;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One memory-mapped safetensors file, read zero-copy.
 *
 * <p>Layout: {@code u64 little-endian header length N}, then N bytes of UTF-8 JSON mapping tensor
 * name to {@code {"dtype", "shape", "data_offsets": [begin, end]}} (offsets relative to the data
 * section that starts at 8 + N), plus an optional {@code "__metadata__"} string map.
 * The file is untrusted: the header length, every offset and every shape is checked before use,
 * and tensors may neither overlap nor leave the file.
 */
public final class SafetensorsFile implements AutoCloseable {
    /** Headers larger than this are refused before allocating; real ones are at most a few MB. */
    static final long MAX_HEADER_BYTES = 100L << 20;

    private final Path path;
    private final Arena arena;
    private final MemorySegment file;
    private final long dataStart;
    private final Map<String, TensorInfo> tensors;
    private final Map<String, String> metadata;

    private SafetensorsFile(Path path, Arena arena, MemorySegment file, long dataStart,
                            Map<String, TensorInfo> tensors, Map<String, String> metadata) {
        this.path = path;
        this.arena = arena;
        this.file = file;
        this.dataStart = dataStart;
        this.tensors = tensors;
        this.metadata = metadata;
    }

    /** Maps the file read-only into a shared arena (usable from any thread) and validates its header. */
    public static SafetensorsFile open(Path path) {
        if (!Files.isRegularFile(path)) throw new SafetensorsException(path + ": no such file");
        Arena arena = Arena.ofShared();
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            long size = ch.size();
            MemorySegment seg = size == 0 ? MemorySegment.NULL : ch.map(FileChannel.MapMode.READ_ONLY, 0, size, arena);
            SafetensorsFile f = parse(path, arena, seg, size);
            return f;
        } catch (IOException e) {
            arena.close();
            throw new SafetensorsException(path + ": cannot read: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            arena.close();
            throw e;
        }
    }

    private static SafetensorsFile parse(Path path, Arena arena, MemorySegment seg, long size) {
        if (size < 8) throw new SafetensorsException(path + ": truncated: " + size + " bytes, no room for the 8-byte header length");
        long headerLen = seg.get(ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN), 0);
        if (headerLen < 2 || headerLen > MAX_HEADER_BYTES) {
            throw new SafetensorsException(path + ": header length " + Long.toUnsignedString(headerLen) + " is not plausible (file is " + size + " bytes)");
        }
        if (8 + headerLen > size) {
            throw new SafetensorsException(path + ": truncated: header length " + headerLen + " runs past the end of the " + size + "-byte file");
        }
        byte[] headerBytes = seg.asSlice(8, headerLen).toArray(ValueLayout.JAVA_BYTE);
        JsonNode root;
        try {
            root = JsonTreeReader.read(new String(headerBytes, StandardCharsets.UTF_8));
        } catch (JsonParseException e) {
            throw new SafetensorsException(path + ": header is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new SafetensorsException(path + ": header is not valid JSON: " + e.getMessage());
        }
        if (root == null || !root.isObject()) throw new SafetensorsException(path + ": header is not a JSON object");
        long dataStart = 8 + headerLen;
        long dataLen = size - dataStart;
        Map<String, TensorInfo> tensors = new LinkedHashMap<>();
        Map<String, String> metadata = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String name = e.getKey();
            if (name.equals("__metadata__")) {
                if (!e.getValue().isObject()) throw new SafetensorsException(path + ": __metadata__ is not an object");
                e.getValue().fields().forEachRemaining(m -> metadata.put(m.getKey(), m.getValue().asText()));
                continue;
            }
            tensors.put(name, parseEntry(path, name, e.getValue(), dataLen));
        }
        checkNoOverlap(path, tensors);
        return new SafetensorsFile(path, arena, seg, dataStart, Collections.unmodifiableMap(tensors), Collections.unmodifiableMap(metadata));
    }

    private static TensorInfo parseEntry(Path path, String name, JsonNode node, long dataLen) {
        String where = path + ": tensor '" + name + "'";
        if (!node.isObject()) throw new SafetensorsException(where + ": entry is not an object");
        JsonNode dt = node.get("dtype"), sh = node.get("shape"), off = node.get("data_offsets");
        if (dt == null || !dt.isTextual()) throw new SafetensorsException(where + ": missing field 'dtype'");
        if (sh == null || !sh.isArray()) throw new SafetensorsException(where + ": missing field 'shape'");
        if (off == null || !off.isArray() || off.size() != 2) throw new SafetensorsException(where + ": field 'data_offsets' must be [begin, end]");
        DType dtype = DType.parse(dt.asText()).orElseThrow(() -> new SafetensorsException(where + ": unknown dtype '" + dt.asText() + "'"));
        long[] shape = new long[sh.size()];
        long elements = 1;
        for (int i = 0; i < shape.length; i++) {
            JsonNode d = sh.get(i);
            if (!d.canConvertToLong() || !d.isIntegralNumber() || d.asLong() < 0) {
                throw new SafetensorsException(where + ": shape " + sh + " has a bad dimension " + d);
            }
            shape[i] = d.asLong();
            try {
                elements = Math.multiplyExact(elements, shape[i]);
            } catch (ArithmeticException ex) {
                throw new SafetensorsException(where + ": shape " + sh + " overflows");
            }
        }
        for (int i = 0; i < 2; i++) {
            if (!off.get(i).isIntegralNumber() || !off.get(i).canConvertToLong() || off.get(i).asLong() < 0) {
                throw new SafetensorsException(where + ": data_offsets " + off + " are not non-negative integers");
            }
        }
        long begin = off.get(0).asLong(), end = off.get(1).asLong();
        if (end < begin) throw new SafetensorsException(where + ": data_offsets " + off + " end before they begin");
        if (end > dataLen) {
            throw new SafetensorsException(where + ": data_offsets " + off + " run past the end of the data section (" + dataLen + " bytes); the file is truncated or corrupt");
        }
        long expected;
        try {
            expected = Math.multiplyExact(elements, dtype.bytes());
        } catch (ArithmeticException ex) {
            throw new SafetensorsException(where + ": shape " + sh + " overflows");
        }
        if (end - begin != expected) {
            throw new SafetensorsException(where + ": shape " + sh + " x " + dtype + " needs " + expected + " bytes but data_offsets " + off + " span " + (end - begin));
        }
        return new TensorInfo(name, dtype, shape, begin, end);
    }

    private static void checkNoOverlap(Path path, Map<String, TensorInfo> tensors) {
        List<TensorInfo> sorted = new ArrayList<>(tensors.values());
        sorted.sort(Comparator.comparingLong(TensorInfo::begin).thenComparingLong(TensorInfo::end));
        for (int i = 1; i < sorted.size(); i++) {
            TensorInfo a = sorted.get(i - 1), b = sorted.get(i);
            if (b.begin() < a.end() && b.byteLength() > 0 && a.byteLength() > 0) {
                throw new SafetensorsException(path + ": tensors '" + a.name() + "' and '" + b.name() + "' overlap");
            }
        }
    }

    public Path path() {
        return path;
    }

    public Map<String, TensorInfo> tensors() {
        return tensors;
    }

    public Map<String, String> metadata() {
        return metadata;
    }

    public TensorInfo info(String name) {
        TensorInfo t = tensors.get(name);
        if (t == null) throw new SafetensorsException(path + ": no tensor '" + name + "'");
        return t;
    }

    /** Where a tensor's bytes start in the file (the data section's start plus its begin offset). */
    public long fileOffset(String name) {
        return dataStart + info(name).begin();
    }

    /** Zero-copy view of a tensor's bytes (little-endian). */
    public MemorySegment data(String name) {
        TensorInfo t = info(name);
        return file.asSlice(dataStart + t.begin(), t.byteLength());
    }

    /** Reads any float tensor into a new float[], widening F16/BF16. For small tensors (norms, test fixtures). */
    public float[] readFloats(String name) {
        TensorInfo t = info(name);
        MemorySegment seg = data(name);
        long n = t.elementCount();
        if (n > Integer.MAX_VALUE) throw new SafetensorsException(path + ": tensor '" + name + "' is too large to copy to an array");
        float[] out = new float[(int) n];
        switch (t.dtype()) {
            case F32 -> MemorySegment.copy(seg, ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN), 0, out, 0, out.length);
            case F16 -> {
                for (int i = 0; i < out.length; i++) out[i] = Float.float16ToFloat(seg.get(LE_SHORT, 2L * i));
            }
            case BF16 -> {
                for (int i = 0; i < out.length; i++) out[i] = Float.intBitsToFloat(seg.get(LE_SHORT, 2L * i) << 16);
            }
            default -> throw new SafetensorsException(path + ": tensor '" + name + "' has dtype " + t.dtype() + ", expected F32, F16 or BF16");
        }
        return out;
    }

    /** Reads an I32 tensor (used by reference files for token ids). */
    public int[] readInts(String name) {
        TensorInfo t = info(name);
        if (t.dtype() != DType.I32) throw new SafetensorsException(path + ": tensor '" + name + "' has dtype " + t.dtype() + ", expected I32");
        return data(name).toArray(ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN));
    }

    static final ValueLayout.OfShort LE_SHORT = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    /**
     * Takes every page of the file out of this process's resident set (madvise DONTNEED on the read-only mapping:
     * they stay in the page cache, and a later read faults them in again). For a model whose matrices were all
     * converted or copied into memory and whose small tensors were read into arrays.
     */
    public void unloadAll() {
        file.unload();
    }

    @Override
    public void close() {
        arena.close();
    }
}
