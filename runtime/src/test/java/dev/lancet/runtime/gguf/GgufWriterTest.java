package dev.lancet.runtime.gguf;

import static dev.lancet.runtime.gguf.GgufRejectTest.assertContains;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What GgufWriter writes, GgufFile reads back exactly: every value type, F32 tensors, alignment, atomic writes. */
class GgufWriterTest {
    @TempDir
    Path dir;

    @Test
    void everyValueTypeRoundTrips() {
        Path file = dir.resolve("all.gguf");
        new GgufWriter()
                .put("u8", GgufValueType.UINT8, 255)
                .put("i8", GgufValueType.INT8, -128)
                .put("u16", GgufValueType.UINT16, 65535)
                .put("i16", GgufValueType.INT16, -32768)
                .put("u32", GgufValueType.UINT32, 4294967295L)
                .put("i32", Integer.MIN_VALUE)
                .put("u64", GgufValueType.UINT64, -1L)
                .put("i64", Long.MIN_VALUE)
                .put("f32", Float.intBitsToFloat(0x7fc00123))   // a NaN with a payload: bits must survive
                .put("f64", -0.0)
                .put("yes", true)
                .put("text", "héllo ✓ \uD83D\uDE42")
                .put("empty", "")
                .putArray("a.u8", GgufValueType.UINT8, new int[] {0, 255})
                .putArray("a.u32", GgufValueType.UINT32, new long[] {0, 4294967295L})
                .put("a.f32", new float[] {1.5f, -0f})
                .put("a.f64", new double[] {Math.PI})
                .put("a.bool", new boolean[] {true, false})
                .put("a.str", List.of("▁a", "", "<0x0A>"))
                .put("a.none", new int[0])
                .write(file);
        try (GgufFile f = GgufFile.open(file)) {
            Map<String, Object> m = f.metadata();
            assertEquals(List.of("u8", "i8", "u16", "i16", "u32", "i32", "u64", "i64", "f32", "f64", "yes", "text",
                    "empty", "a.u8", "a.u32", "a.f32", "a.f64", "a.bool", "a.str", "a.none"), List.copyOf(m.keySet()));
            assertEquals(3, f.version());
            assertEquals(255, m.get("u8"));
            assertEquals(-128, m.get("i8"));
            assertEquals(65535, m.get("u16"));
            assertEquals(-32768, m.get("i16"));
            assertEquals(4294967295L, m.get("u32"));
            assertEquals(Integer.MIN_VALUE, m.get("i32"));
            assertEquals(-1L, m.get("u64"));
            assertEquals(Long.MIN_VALUE, m.get("i64"));
            assertEquals(0x7fc00123, Float.floatToRawIntBits((Float) m.get("f32")));
            assertEquals(Double.doubleToRawLongBits(-0.0), Double.doubleToRawLongBits((Double) m.get("f64")));
            assertEquals(true, m.get("yes"));
            assertEquals("héllo ✓ \uD83D\uDE42", f.getString("text"));
            assertEquals("", m.get("empty"));
            assertArrayEquals(new int[] {0, 255}, (int[]) m.get("a.u8"));
            assertArrayEquals(new long[] {0, 4294967295L}, (long[]) m.get("a.u32"));
            assertArrayEquals(new float[] {1.5f, -0f}, (float[]) m.get("a.f32"));
            assertArrayEquals(new double[] {Math.PI}, (double[]) m.get("a.f64"));
            assertArrayEquals(new boolean[] {true, false}, (boolean[]) m.get("a.bool"));
            assertEquals(List.of("▁a", "", "<0x0A>"), m.get("a.str"));
            assertArrayEquals(new int[0], (int[]) m.get("a.none"));
            assertEquals(GgufValueType.UINT32, f.valueType("u32"));
            assertEquals(GgufValueType.ARRAY, f.valueType("a.str"));
            assertEquals(4294967295L, f.getLong("u32"));
        }
    }

    @Test
    void tensorsRoundTripAlignedAndZeroCopy() {
        Path file = dir.resolve("t.gguf");
        float[] matrix = {1, 2, 3, 4, 5, 6};
        float[] odd = {Float.MIN_VALUE, -Float.MAX_VALUE, -0f};
        new GgufWriter().put("general.alignment", GgufValueType.UINT32, 64)
                .addTensor("m", matrix, 3, 2).addTensor("odd", odd).write(file);
        try (GgufFile f = GgufFile.open(file)) {
            assertEquals(64, f.alignment());
            assertEquals(0, f.dataOffset() % 64);
            GgufTensorInfo m = f.tensor("m");
            assertArrayEquals(new long[] {3, 2}, m.shape());
            assertEquals(GgmlType.F32, m.type());
            assertEquals(24, m.byteSize());
            for (GgufTensorInfo t : f.tensors()) {
                assertEquals(0, t.fileOffset() % 64, t.name());
            }
            assertArrayEquals(matrix, f.readFloats("m"));
            float[] back = f.readFloats("odd");
            for (int i = 0; i < odd.length; i++) {
                assertEquals(Float.floatToRawIntBits(odd[i]), Float.floatToRawIntBits(back[i]));
            }
            MemorySegment data = f.tensorData("m");
            assertEquals(24, data.byteSize());
            assertTrue(data.isReadOnly());
            assertEquals(6f, data.get(GgufFile.F32, 20));
        }
    }

    @Test
    void halfPrecisionTensorsWiden() {
        // IEEE half 0x3C00 = 1, 0xC000 = -2, 0x7BFF = 65504, 0x0001 = 2^-24; bfloat16 0x3F80 = 1, 0xC040 = -3, 0x3EAB = 0.333984375
        Path file = GgufBytes.header(2, 0).tensorInfo("h", GgmlType.F16.id, 0, 4).tensorInfo("b", GgmlType.BF16.id, 32, 3)
                .pad(32).u16(0x3C00).u16(0xC000).u16(0x7BFF).u16(0x0001).pad(32).u16(0x3F80).u16(0xC040).u16(0x3EAB)
                .writeTo(dir.resolve("half.gguf"));
        try (GgufFile f = GgufFile.open(file)) {
            assertArrayEquals(new float[] {1f, -2f, 65504f, 0x1p-24f}, f.readFloats("h"));
            assertArrayEquals(new float[] {1f, -3f, 0.333984375f}, f.readFloats("b"));
        }
    }

    @Test
    void writerRejectsBadInputBeforeWriting() {
        GgufWriter w = new GgufWriter();
        assertContains(assertThrows(GgufException.class, () -> w.put("k", GgufValueType.UINT8, 256)).getMessage(),
                "metadata 'k': value 256 (Integer) does not fit UINT8");
        assertContains(assertThrows(GgufException.class, () -> w.put("k", new Object())).getMessage(),
                "metadata 'k': cannot infer");
        assertContains(assertThrows(GgufException.class, () -> w.addTensor("t", new float[5], 2, 2)).getMessage(),
                "tensor 't': shape [2, 2] holds 4 elements, 5 given");
        assertContains(assertThrows(GgufException.class, () -> w.addTensor("x".repeat(64), new float[1])).getMessage(),
                "longer than 63 bytes");
        w.addTensor("t", new float[1]);
        assertContains(assertThrows(GgufException.class, () -> w.addTensor("t", new float[1])).getMessage(),
                "tensor 't' added twice");
    }

    @Test
    void failedWriteLeavesNoFileBehind() throws IOException {
        Path blocker = Files.createDirectories(dir.resolve("target.gguf"));   // a non-empty directory cannot be replaced
        Files.writeString(blocker.resolve("keep"), "x");
        GgufException e = assertThrows(GgufException.class,
                () -> new GgufWriter().addTensor("t", new float[1000]).write(blocker));
        assertContains(e.getMessage(), "cannot write GGUF file " + blocker);
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(blocker), files.toList());   // no temporary file left
        }
        Path missingDir = dir.resolve("no/such/dir/x.gguf");
        assertThrows(GgufException.class, () -> new GgufWriter().write(missingDir));
        assertFalse(Files.exists(missingDir.getParent()));
    }

    @Test
    void writeReplacesAnExistingFile() throws IOException {
        Path file = dir.resolve("r.gguf");
        new GgufWriter().addTensor("t", new float[] {1}).write(file);
        new GgufWriter().addTensor("t", new float[] {2}).write(file);
        try (GgufFile f = GgufFile.open(file)) {
            assertArrayEquals(new float[] {2}, f.readFloats("t"));
        }
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(file), files.toList());
        }
    }
}
