package dev.lancet.runtime.safetensors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The writer starts the data section on a cache line whatever the header's length, and what it writes reads back. */
class SafetensorsWriterTest {
    @Test
    void paddingReachesTheNextLineAndNoFurther() {
        for (int json = 1; json < 300; json++) {
            int padded = SafetensorsWriter.paddedHeaderLength(json);
            assertEquals(0, (8 + padded) % SafetensorsWriter.DATA_ALIGNMENT, "json " + json);
            assertTrue(padded >= json && padded - json < SafetensorsWriter.DATA_ALIGNMENT, "json " + json + " -> " + padded);
        }
        assertEquals(56, SafetensorsWriter.paddedHeaderLength(56), "already aligned: no padding");
    }

    @Test
    void everyTensorOfWholeLinesStartsOnALine(@TempDir Path dir) throws Exception {
        for (int nameLength = 1; nameLength <= 70; nameLength += 7) {
            Path f = dir.resolve("w" + nameLength + ".safetensors");
            float[] a = new float[32], b = new float[16];
            for (int i = 0; i < a.length; i++) a[i] = i * 0.5f;
            for (int i = 0; i < b.length; i++) b[i] = -i;
            new SafetensorsWriter().add("x".repeat(nameLength), DType.F32, a, 2, 16).add("b", DType.F32, b, 16).write(f);
            long header = ByteBuffer.wrap(Files.readAllBytes(f), 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
            assertEquals(0, (8 + header) % 64, "name length " + nameLength);
            try (SafetensorsFile s = SafetensorsFile.open(f)) {
                assertArrayEquals(a, s.readFloats("x".repeat(nameLength)));
                assertArrayEquals(b, s.readFloats("b"));
                assertEquals(0, s.fileOffset("b") % 64, "128 bytes of x before it");
            }
        }
    }

    /** The matrices' alignment: the file's, lowered by whatever comes before a matrix; 1-D tensors do not count. */
    @Test
    void aCheckpointSaysHowItsMatricesAreAligned(@TempDir Path dir) throws Exception {
        Path aligned = Files.createDirectories(dir.resolve("aligned")), off = Files.createDirectories(dir.resolve("off"));
        new SafetensorsWriter().add("m", DType.F32, new float[32], 2, 16).add("n", DType.F32, new float[3], 3)
                .write(aligned.resolve("model.safetensors"));
        // a 2-float vector first puts the matrix 8 bytes past a line (the odd 3-float norm after it does not count)
        new SafetensorsWriter().add("v", DType.F32, new float[2], 2).add("m", DType.F32, new float[32], 2, 16)
                .add("n", DType.F32, new float[3], 3).write(off.resolve("model.safetensors"));
        try (SafetensorsCheckpoint a = SafetensorsCheckpoint.open(aligned); SafetensorsCheckpoint b = SafetensorsCheckpoint.open(off)) {
            assertEquals(64, a.matrixAlignment());
            assertEquals(8, b.matrixAlignment());
        }
    }
}
