package dev.lancet.runtime.gguf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Malformed GGUF input is rejected with a message that names the file and the field at fault. */
class GgufRejectTest {
    private static final int STRING = GgufValueType.STRING.id;
    private static final int ARRAY = GgufValueType.ARRAY.id;

    @TempDir
    Path dir;

    /** Opens the bytes as bad.gguf; expects a GgufException naming the file and every fragment. */
    private GgufException rejected(GgufBytes bytes, String... fragments) {
        Path file = bytes.writeTo(dir.resolve("bad.gguf"));
        GgufException e = assertThrows(GgufException.class, () -> GgufFile.open(file).close());
        assertContains(e.getMessage(), file.toString());
        for (String f : fragments) {
            assertContains(e.getMessage(), f);
        }
        return e;
    }

    static void assertContains(String message, String fragment) {
        assertTrue(message.contains(fragment), () -> "message lacks '" + fragment + "': " + message);
    }

    @Test
    void badMagic() {
        GgufBytes b = new GgufBytes().raw("GGML".getBytes(StandardCharsets.US_ASCII)).u32(3).u64(0).u64(0);
        rejected(b, "bad magic", "not a GGUF file");
    }

    @Test
    void emptyFileAndTruncatedHeader() {
        rejected(new GgufBytes(), "truncated at magic");
        rejected(new GgufBytes().raw("GGUF".getBytes(StandardCharsets.US_ASCII)).u32(3).u32(0), "truncated at tensor_count");
        rejected(GgufBytes.header(0, 1).str("general.name").u32(STRING).u32(5), "truncated at metadata 'general.name' length");
    }

    @Test
    void unsupportedVersions() {
        rejected(new GgufBytes().raw("GGUF".getBytes(StandardCharsets.US_ASCII)).u32(1).u64(0).u64(0), "unsupported version 1");
        rejected(new GgufBytes().raw("GGUF".getBytes(StandardCharsets.US_ASCII)).raw(new byte[] {0, 0, 0, 3}).u64(0).u64(0),
                "big-endian");
    }

    @Test
    void absurdCounts() {
        rejected(GgufBytes.header(1L << 40, 0), "tensor_count 1099511627776 is impossible");
        rejected(GgufBytes.header(0, -1), "metadata_kv_count 18446744073709551615 is impossible");
        rejected(GgufBytes.header(0, 1).str("tokenizer.ggml.tokens").u32(ARRAY).u32(STRING).u64(1L << 50),
                "metadata 'tokenizer.ggml.tokens' array count 1125899906842624 is impossible");
    }

    @Test
    void stringLengthPastEndOfFile() {
        rejected(GgufBytes.header(0, 1).u64(1_000_000).raw(new byte[20]), "metadata key #0", "string length 1000000",
                "past the end of the file");
        rejected(GgufBytes.header(0, 1).str("general.name").u32(STRING).u64(1L << 62).raw(new byte[8]),
                "metadata 'general.name'", "string length 4611686018427387904");
        rejected(GgufBytes.header(1, 0).u64(-5).raw(new byte[30]), "tensor #0 name", "string length 18446744073709551611");
    }

    @Test
    void unknownValueTypes() {
        rejected(GgufBytes.header(0, 1).str("x.y").u32(13).u32(0), "metadata 'x.y' value type: unknown value type 13");
        rejected(GgufBytes.header(0, 1).str("x.arr").u32(ARRAY).u32(99).u64(0),
                "metadata 'x.arr' array element type: unknown value type 99");
    }

    @Test
    void badMetadataValues() {
        rejected(GgufBytes.header(0, 1).str("x.flag").u32(GgufValueType.BOOL.id).u8(2), "metadata 'x.flag'", "bool byte 2");
        rejected(GgufBytes.header(0, 2).kvString("a", "1").kvString("a", "2"), "duplicate metadata key 'a'");
        rejected(GgufBytes.header(0, 1).u64(2).raw((byte) 0xC3, (byte) 0x28).u32(STRING).str("v"),
                "metadata key #0", "not valid UTF-8");
        rejected(GgufBytes.header(0, 1).str("general.alignment").u32(GgufValueType.UINT32.id).u32(48),
                "'general.alignment' = 48 is not a power of two");
        rejected(GgufBytes.header(0, 1).str("general.alignment").u32(STRING).str("32"),
                "'general.alignment' is STRING, expected UINT32");
        GgufBytes deep = GgufBytes.header(0, 1).str("x.deep").u32(ARRAY);
        for (int i = 0; i < 20; i++) {
            deep.u32(ARRAY).u64(1);
        }
        rejected(deep.u32(STRING).u64(0), "metadata 'x.deep'", "nested deeper than 8");
    }

    @Test
    void badTensorInfos() {
        rejected(GgufBytes.header(1, 0).tensorInfo("w", 0, 0, 2, 2, 2, 2, 2).pad(32), "tensor 'w' has n_dims 5");
        rejected(GgufBytes.header(1, 0).tensorInfo("w", 0, 0, -1L).pad(32), "tensor 'w' has ne[0] = 18446744073709551615");
        rejected(GgufBytes.header(1, 0).tensorInfo("w", 0, 0, 1L << 40, 1L << 40).pad(32),
                "tensor 'w' element count overflows");
        rejected(GgufBytes.header(1, 0).tensorInfo("w", 0, 4, 2).pad(32).raw(new byte[64]),
                "tensor 'w' data offset 4 is not a multiple of the alignment 32");
        rejected(GgufBytes.header(1, 0).tensorInfo("q", GgmlType.Q8_0.id, 0, 16).pad(32).raw(new byte[64]),
                "tensor 'q' of type Q8_0 has ne[0] = 16, not a multiple of its block size 32");
        rejected(GgufBytes.header(2, 0).tensorInfo("a", 0, 0, 4).tensorInfo("a", 0, 32, 4).pad(32).raw(new byte[64]),
                "duplicate tensor name 'a'");
        rejected(GgufBytes.header(1, 0).tensorInfo("w", 0, 1L << 40, 4).pad(32).raw(new byte[16]),
                "tensor 'w' data offset 1099511627776 lies past the end of the file");
    }

    @Test
    void overlappingTensors() {
        rejected(GgufBytes.header(2, 0).tensorInfo("a", 0, 0, 16).tensorInfo("b", 0, 32, 4).pad(32).raw(new byte[64]),
                "tensor 'b' data at offset", "overlaps tensor 'a'");
    }

    @Test
    void truncatedTensorData() throws IOException {
        Path file = dir.resolve("cut.gguf");
        new GgufWriter().addTensor("a", new float[8]).addTensor("b", new float[100]).write(file);
        try (GgufFile ok = GgufFile.open(file)) {
            assertEquals(2, ok.tensors().size());
        }
        byte[] whole = Files.readAllBytes(file);
        Files.write(file, Arrays.copyOf(whole, whole.length - 20));  // 16 bytes of padding and the last value of 'b'
        GgufException e = assertThrows(GgufException.class, () -> GgufFile.open(file).close());
        assertContains(e.getMessage(), file.toString());
        assertContains(e.getMessage(), "tensor 'b' data");
        assertContains(e.getMessage(), "truncated tensor data");
    }

    @Test
    void unknownGgmlTypeIsRejectedWhenRead() {
        Path file = GgufBytes.header(2, 0).tensorInfo("w", 77, 0, 4).tensorInfo("f", 0, 0, 2).pad(32)
                .f32(1.5f).f32(-2f).writeTo(dir.resolve("odd.gguf"));
        try (GgufFile f = GgufFile.open(file)) {
            assertNull(f.tensor("w").type());
            assertEquals("unknown(77)", f.tensor("w").typeName());
            assertEquals(-1, f.tensor("w").byteSize());
            for (var read : new Runnable[] {() -> f.readFloats("w"), () -> f.tensorData("w")}) {
                GgufException e = assertThrows(GgufException.class, read::run);
                assertContains(e.getMessage(), file.toString());
                assertContains(e.getMessage(), "tensor 'w' has unknown ggml type 77");
            }
            assertEquals(-2f, f.readFloats("f")[1]);  // the known tensor beside it still reads
            GgufException missing = assertThrows(GgufException.class, () -> f.tensor("nope"));
            assertContains(missing.getMessage(), "no tensor 'nope'");
        }
    }

    @Test
    void quantizedTensorIsNotReadAsFloats() {
        Path file = GgufBytes.header(1, 0).tensorInfo("q", GgmlType.Q8_0.id, 0, 32).pad(32).raw(new byte[34])
                .writeTo(dir.resolve("q.gguf"));
        try (GgufFile f = GgufFile.open(file)) {
            assertEquals(34, f.tensorData("q").byteSize());
            GgufException e = assertThrows(GgufException.class, () -> f.readFloats("q"));
            assertContains(e.getMessage(), "tensor 'q' has ggml type Q8_0");
        }
    }

    @Test
    void typedGettersNameTheKey() {
        Path file = GgufBytes.header(0, 1).kvString("general.name", "x").writeTo(dir.resolve("m.gguf"));
        try (GgufFile f = GgufFile.open(file)) {
            assertContains(assertThrows(GgufException.class, () -> f.getLong("general.name")).getMessage(),
                    "metadata 'general.name' is STRING, expected an integer");
            assertContains(assertThrows(GgufException.class, () -> f.getString("llama.block_count")).getMessage(),
                    "metadata key 'llama.block_count' is missing");
        }
    }
}
