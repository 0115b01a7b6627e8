package dev.lancet.runtime.gguf;

import static dev.lancet.runtime.gguf.GgufRejectTest.assertContains;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Control vectors: llama.cpp's GGUF form read and written exactly; bad files and misfits rejected clearly. */
class ControlVectorTest {
    @TempDir
    Path dir;

    private static float[] randomVector(Random random, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) random.nextGaussian();
        }
        return v;
    }

    @Test
    void writeThenReadIsBitIdentical() {
        Random random = new Random(42);
        float[] edge = randomVector(random, 64);
        edge[0] = -0f;
        edge[1] = Float.MIN_VALUE;          // subnormal
        edge[2] = -Float.MAX_VALUE;
        ControlVector cv = new ControlVector(
                Map.of(3, randomVector(random, 64), 1, edge, 4, randomVector(random, 64)), "llama", "test vector");
        Path file = dir.resolve("cv.gguf");
        cv.write(file);

        ControlVector back = ControlVector.read(file);
        assertEquals(64, back.hiddenSize());
        assertEquals("llama", back.modelHint());
        assertEquals(List.of(1, 3, 4), back.layers());
        assertEquals(file.toString(), back.source());
        for (int layer : cv.layers()) {
            float[] a = cv.direction(layer);
            float[] b = back.direction(layer);
            for (int i = 0; i < a.length; i++) {
                assertEquals(Float.floatToRawIntBits(a[i]), Float.floatToRawIntBits(b[i]), "direction." + layer + "[" + i + "]");
            }
        }
        // The file itself has llama.cpp's layout.
        try (GgufFile f = GgufFile.open(file)) {
            assertEquals("controlvector", f.getString("general.architecture"));
            assertEquals("llama", f.getString("controlvector.model_hint"));
            assertEquals(GgufValueType.INT32, f.valueType("controlvector.layer_count"));
            assertEquals(3, f.getLong("controlvector.layer_count"));
            assertEquals(List.of("direction.1", "direction.3", "direction.4"),
                    f.tensors().stream().map(GgufTensorInfo::name).toList());
            for (GgufTensorInfo t : f.tensors()) {
                assertArrayEquals(new long[] {64}, t.shape());
                assertEquals(GgmlType.F32, t.type());
            }
        }
    }

    @Test
    void readsFilesShapedLikeOtherWriters() {
        // repeng-style: layer_count as UINT32, no hint check; a [hidden, 1] shape is still one direction.
        Path file = dir.resolve("other.gguf");
        new GgufWriter().put("general.architecture", "controlvector")
                .put("controlvector.layer_count", GgufValueType.UINT32, 2L)
                .addTensor("direction.2", new float[] {1, 2, 3}, 3, 1)
                .addTensor("direction.1", new float[] {4, 5, 6})
                .write(file);
        ControlVector cv = ControlVector.read(file);
        assertNull(cv.modelHint());
        assertEquals(List.of(1, 2), cv.layers());
        assertArrayEquals(new float[] {1, 2, 3}, cv.direction(2));
    }

    /** Writes a GGUF of the given tensors (with any names, which GgufWriter allows) and expects read() to fail. */
    private String readFails(Map<String, float[]> tensors, String architecture) {
        GgufWriter w = new GgufWriter().put("general.architecture", architecture);
        tensors.forEach((name, v) -> w.addTensor(name, v));
        Path file = dir.resolve("bad-cv.gguf");
        w.write(file);
        ControlVectorException e = assertThrows(ControlVectorException.class, () -> ControlVector.read(file));
        assertContains(e.getMessage(), file.toString());
        return e.getMessage();
    }

    @Test
    void rejectsDirectionZero() {
        String message = readFails(Map.of("direction.0", new float[4], "direction.1", new float[4]), "controlvector");
        assertContains(message, "direction.0 targets layer 0");
        assertContains(message, "llama.cpp never writes direction.0");
    }

    @Test
    void rejectsMismatchedLengths() {
        String message = readFails(Map.of("direction.1", new float[4], "direction.2", new float[5]), "controlvector");
        assertContains(message, "direction.2 has 5 values but direction.1 has 4");
    }

    @Test
    void rejectsOtherContent() {
        assertContains(readFails(Map.of("direction.x", new float[4]), "controlvector"), "tensor 'direction.x' is not named direction.N");
        assertContains(readFails(Map.of("direction.01", new float[4]), "controlvector"), "tensor 'direction.01'");
        assertContains(readFails(Map.of("token_embd.weight", new float[4]), "llama"),
                "general.architecture is 'llama', expected 'controlvector'");
        assertContains(readFails(Map.of("direction.1", new float[] {1, Float.NaN}), "controlvector"), "direction.1[1] is NaN");
        assertContains(readFails(Map.of(), "controlvector"), "has no directions");
        GgufWriter w = new GgufWriter().addTensor("direction.1", new float[4], 2, 2);
        Path file = dir.resolve("2d.gguf");
        w.write(file);
        assertContains(assertThrows(ControlVectorException.class, () -> ControlVector.read(file)).getMessage(),
                "tensor 'direction.1' has shape [2, 2], expected one dimension");
    }

    @Test
    void scaledAndSummed() {
        ControlVector a = new ControlVector(Map.of(1, new float[] {1, -2}, 2, new float[] {0.5f, 4}), "llama", "a");
        ControlVector b = new ControlVector(Map.of(2, new float[] {1, 1}, 3, new float[] {-1, 3}), null, "b");
        ControlVector half = a.scaled(0.5f);
        assertArrayEquals(new float[] {0.5f, -1}, half.direction(1));
        assertArrayEquals(new float[] {0.25f, 2}, half.direction(2));

        ControlVector sum = ControlVector.sum(List.of(a, b.scaled(2)));
        assertEquals(List.of(1, 2, 3), sum.layers());
        assertArrayEquals(new float[] {1, -2}, sum.direction(1));
        assertArrayEquals(new float[] {2.5f, 6}, sum.direction(2));
        assertArrayEquals(new float[] {-2, 6}, sum.direction(3));
        assertEquals("llama", sum.modelHint());

        ControlVector wide = new ControlVector(Map.of(1, new float[3]), null, "wide");
        String message = assertThrows(ControlVectorException.class, () -> ControlVector.sum(List.of(a, wide))).getMessage();
        assertContains(message, "wide has hidden size 3 but a has 2");
        float[] mine = {1, 2};
        ControlVector copied = new ControlVector(Map.of(1, mine), null, "c");
        mine[0] = 99;
        copied.direction(1)[1] = 99;
        assertArrayEquals(new float[] {1, 2}, copied.direction(1));   // immutable: arrays copied in and out
    }

    @Test
    void validateForModelShape() {
        ControlVector cv = new ControlVector(Map.of(1, new float[64], 4, new float[64]), null, "cv.gguf");
        cv.validateFor(64, 5);
        assertContains(assertThrows(ControlVectorException.class, () -> cv.validateFor(128, 5)).getMessage(),
                "cv.gguf: has hidden size 64 but the model's hidden size is 128");
        assertContains(assertThrows(ControlVectorException.class, () -> cv.validateFor(64, 4)).getMessage(),
                "cv.gguf: direction.4 targets layer 4 but the model has 4 layers (0..3)");
        assertContains(assertThrows(ControlVectorException.class,
                () -> new ControlVector(Map.of(0, new float[2]), null, "mem")).getMessage(), "mem: direction.0");
    }

    @Test
    void specParsesFileAndScale() {
        assertEquals(new ControlVectorSpec(Path.of("cv.gguf"), 1f), ControlVectorSpec.parse("cv.gguf"));
        assertEquals(new ControlVectorSpec(Path.of("cv.gguf"), 0.5f), ControlVectorSpec.parse("cv.gguf:0.5"));
        assertEquals(new ControlVectorSpec(Path.of("a:b/cv.gguf"), -0.15f), ControlVectorSpec.parse("a:b/cv.gguf:-1.5e-1"));
        assertEquals(new ControlVectorSpec(Path.of("dir:x/cv.gguf"), 1f), ControlVectorSpec.parse("dir:x/cv.gguf"));
        assertEquals(new ControlVectorSpec(Path.of("cv.gguf"), 2f), ControlVectorSpec.parse("cv.gguf:+2"));
        assertEquals(new ControlVectorSpec(Path.of("cv.gguf"), 0.5f), ControlVectorSpec.parse("cv.gguf:.5"));
        // Not plain decimals, so part of the path: Java's float syntax extras must not sneak in as scales.
        assertEquals(new ControlVectorSpec(Path.of("cv.gguf:NaN"), 1f), ControlVectorSpec.parse("cv.gguf:NaN"));
        assertEquals(new ControlVectorSpec(Path.of("cv.gguf:2f"), 1f), ControlVectorSpec.parse("cv.gguf:2f"));
        assertEquals(new ControlVectorSpec(Path.of("cv.gguf:"), 1f), ControlVectorSpec.parse("cv.gguf:"));
        assertContains(assertThrows(ControlVectorException.class, () -> ControlVectorSpec.parse("cv.gguf:1e99")).getMessage(),
                "scale 1e99 is not a finite float");
        assertContains(assertThrows(ControlVectorException.class, () -> ControlVectorSpec.parse(":2")).getMessage(),
                "has a scale but no file");
        assertContains(assertThrows(ControlVectorException.class, () -> ControlVectorSpec.parse(" ")).getMessage(),
                "spec is empty");
    }

    @Test
    void specsLoadScaledAndSummed() {
        Path one = dir.resolve("one.gguf");
        Path two = dir.resolve("two:v.gguf");
        new ControlVector(Map.of(1, new float[] {1, 2}), "llama", null).write(one);
        new ControlVector(Map.of(1, new float[] {4, 4}), "llama", null).write(two);
        ControlVector total = ControlVectorSpec.loadAll(
                List.of(ControlVectorSpec.parse(one + ":2"), ControlVectorSpec.parse(two.toString())));
        assertArrayEquals(new float[] {6, 8}, total.direction(1));
    }
}
