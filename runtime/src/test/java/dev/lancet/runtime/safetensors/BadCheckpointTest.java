package dev.lancet.runtime.safetensors;

import dev.lancet.runtime.LancetException;
import dev.lancet.runtime.config.ConfigException;
import dev.lancet.runtime.model.LlamaModel;
import dev.lancet.runtime.model.ModelException;
import dev.lancet.runtime.testing.CheckpointCopies;
import dev.lancet.runtime.testing.SharedData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each malformed input gives one clear error that names the file and the tensor or field at fault. */
class BadCheckpointTest {

    private static Path goodCopy(Path tmp) {
        return CheckpointCopies.copy(SharedData.embeddedModel(), tmp.resolve("m"), DType.F32, 1);
    }

    private static <T extends Throwable> T fails(Class<T> type, Path dir, String... fragments) {
        T e = assertThrows(type, () -> LlamaModel.load(dir).close());
        for (String f : fragments) assertTrue(e.getMessage().contains(f), "message '" + e.getMessage() + "' should contain '" + f + "'");
        return e;
    }

    /** Writes a file with a hand-made header and {@code dataBytes} zero bytes of data. */
    private static Path rawFile(Path dir, String header, int dataBytes) throws IOException {
        Files.createDirectories(dir);
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + h.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(h.length).put(h);
        Path p = dir.resolve("x.safetensors");
        Files.write(p, b.array());
        return p;
    }

    @Test
    void truncatedFileNamesTheFileAndTensor(@TempDir Path tmp) throws IOException {
        Path dir = goodCopy(tmp);
        Path f = dir.resolve("model.safetensors");
        byte[] all = Files.readAllBytes(f);
        Files.write(f, Arrays.copyOf(all, all.length - 1000));
        fails(SafetensorsException.class, dir, "model.safetensors", "truncated");
    }

    @Test
    void fileShorterThanItsHeaderLength(@TempDir Path tmp) throws IOException {
        Path dir = goodCopy(tmp);
        Path f = dir.resolve("model.safetensors");
        Files.write(f, Arrays.copyOf(Files.readAllBytes(f), 100));
        fails(SafetensorsException.class, dir, "model.safetensors", "header length");
    }

    @Test
    void offsetPastTheEnd(@TempDir Path tmp) throws IOException {
        Path p = rawFile(tmp, "{\"w\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[8,24]}}", 16);
        SafetensorsException e = assertThrows(SafetensorsException.class, () -> SafetensorsFile.open(p));
        assertTrue(e.getMessage().contains("'w'") && e.getMessage().contains("past the end"), e.getMessage());
    }

    @Test
    void shapeTimesDtypeMustEqualByteLength(@TempDir Path tmp) throws IOException {
        Path p = rawFile(tmp, "{\"w\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,16]}}", 16);
        SafetensorsException e = assertThrows(SafetensorsException.class, () -> SafetensorsFile.open(p));
        assertTrue(e.getMessage().contains("'w'") && e.getMessage().contains("needs 12 bytes"), e.getMessage());
    }

    @Test
    void overlappingTensors(@TempDir Path tmp) throws IOException {
        Path p = rawFile(tmp, "{\"a\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[0,16]},"
                + "\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[8,16]}}", 16);
        SafetensorsException e = assertThrows(SafetensorsException.class, () -> SafetensorsFile.open(p));
        assertTrue(e.getMessage().contains("overlap"), e.getMessage());
    }

    @Test
    void unknownDtypeAndBadJson(@TempDir Path tmp) throws IOException {
        Path p = rawFile(tmp.resolve("a"), "{\"w\":{\"dtype\":\"F99\",\"shape\":[4],\"data_offsets\":[0,16]}}", 16);
        assertTrue(assertThrows(SafetensorsException.class, () -> SafetensorsFile.open(p)).getMessage().contains("unknown dtype 'F99'"));
        Path q = rawFile(tmp.resolve("b"), "{\"w\":{\"dtype\":", 16);
        assertTrue(assertThrows(SafetensorsException.class, () -> SafetensorsFile.open(q)).getMessage().contains("not valid JSON"));
    }

    @Test
    void wrongWeightDtype(@TempDir Path tmp) {
        Path dir = CheckpointCopies.copy(SharedData.embeddedModel(), tmp.resolve("m"), DType.F32, 1);
        // rewrite one norm as I32 data of the right shape
        try (SafetensorsCheckpoint c = SafetensorsCheckpoint.open(dir)) {
            SafetensorsWriter w = new SafetensorsWriter();
            for (TensorInfo t : c.tensors().values()) {
                if (t.name().equals("model.norm.weight")) w.addInts(t.name(), new int[64], 64);
                else w.add(t.name(), DType.F32, c.readFloats(t.name()), t.shape());
            }
            w.write(tmp.resolve("model.safetensors"));
        }
        try {
            Files.move(tmp.resolve("model.safetensors"), dir.resolve("model.safetensors"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new RuntimeException(e);
        }
        fails(ModelException.class, dir, "model.norm.weight", "I32");
    }

    @Test
    void missingTensor(@TempDir Path tmp) throws IOException {
        Path dir = CheckpointCopies.copy(SharedData.embeddedModel(), tmp.resolve("m"), DType.F32, 1,
                (name, v) -> v);
        // drop a tensor by rewriting without it
        Path rewritten = tmp.resolve("r");
        Files.createDirectories(rewritten);
        Files.copy(dir.resolve("config.json"), rewritten.resolve("config.json"));
        try (SafetensorsCheckpoint c = SafetensorsCheckpoint.open(dir)) {
            SafetensorsWriter w = new SafetensorsWriter();
            for (TensorInfo t : c.tensors().values()) {
                if (!t.name().equals("model.layers.3.mlp.up_proj.weight")) w.add(t.name(), DType.F32, c.readFloats(t.name()), t.shape());
            }
            w.write(rewritten.resolve("model.safetensors"));
        }
        fails(SafetensorsException.class, rewritten, "missing tensor 'model.layers.3.mlp.up_proj.weight'");
    }

    @Test
    void shapeMismatchAgainstConfig(@TempDir Path tmp) throws IOException {
        Path dir = goodCopy(tmp);
        Path cfg = dir.resolve("config.json");
        Files.writeString(cfg, Files.readString(cfg).replace("\"intermediate_size\": 172", "\"intermediate_size\": 171"));
        fails(ModelException.class, dir, "model.layers.0.mlp.gate_proj.weight", "[172, 64]", "[171, 64]");
    }

    @Test
    void unknownArchitectureAndBadConfig(@TempDir Path tmp) throws IOException {
        Path dir = goodCopy(tmp);
        Path cfg = dir.resolve("config.json");
        String good = Files.readString(cfg);
        Files.writeString(cfg, good.replace("LlamaForCausalLM", "GPTNeoXForCausalLM"));
        fails(ConfigException.class, dir, "config.json", "GPTNeoXForCausalLM", "not supported");
        Files.writeString(cfg, good.replace("\"silu\"", "\"gelu\""));
        fails(ConfigException.class, dir, "hidden_act", "gelu");
        Files.writeString(cfg, good.replace("\"num_hidden_layers\": 5,", ""));
        fails(ConfigException.class, dir, "missing field 'num_hidden_layers'");
        Files.writeString(cfg, good.replace("\"rope_theta\": 10000.0", "\"rope_theta\": 10000.0, \"rope_scaling\": {\"rope_type\": \"yarn\", \"factor\": 4}"));
        fails(ConfigException.class, dir, "rope_scaling type 'yarn'");
        Files.writeString(cfg, "{not json");
        fails(ConfigException.class, dir, "not valid JSON");
    }

    @Test
    void badShardIndex(@TempDir Path tmp) throws IOException {
        Path dir = CheckpointCopies.copy(SharedData.embeddedModel(), tmp.resolve("m"), DType.F32, 2);
        Path index = dir.resolve(SafetensorsCheckpoint.INDEX);
        String json = Files.readString(index);
        String one = "model-00001-of-00002.safetensors", two = "model-00002-of-00002.safetensors";
        String entry = "\"model.norm.weight\": \"";
        int at = json.indexOf(entry) + entry.length();
        String current = json.substring(at, at + one.length());
        Files.writeString(index, json.substring(0, at) + (current.equals(one) ? two : one) + json.substring(at + one.length()));
        LancetException e = assertThrows(LancetException.class, () -> LlamaModel.load(dir).close());
        assertTrue(e.getMessage().contains("model.norm.weight"), e.getMessage());
    }

    @Test
    void writerRoundTripsAllFloatDtypes(@TempDir Path tmp) {
        float[] v = {0f, 1f, -2.5f, 3.14159f, 65504f, 1e-3f};
        Path p = tmp.resolve("t.safetensors");
        new SafetensorsWriter().add("a", DType.F32, v, 6).add("b", DType.F16, v, 2, 3).add("c", DType.BF16, v, 6).write(p);
        try (SafetensorsFile f = SafetensorsFile.open(p)) {
            float[] a = f.readFloats("a"), b = f.readFloats("b"), c = f.readFloats("c");
            for (int i = 0; i < v.length; i++) {
                assertEquals(v[i], a[i], 0f);
                assertEquals(v[i], b[i], Math.abs(v[i]) * 1e-3 + 1e-7);
                assertEquals(v[i], c[i], Math.abs(v[i]) * 8e-3);
            }
        }
    }
}
