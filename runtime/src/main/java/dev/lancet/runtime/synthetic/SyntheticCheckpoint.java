package dev.lancet.runtime.synthetic;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lancet.runtime.config.ModelConfig;
import dev.lancet.runtime.safetensors.DType;
import dev.lancet.runtime.safetensors.SafetensorsWriter;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.stream.Stream;

/**
 * Writes a Llama-family checkpoint with seeded random weights in Hugging Face layout (config.json +
 * model.safetensors). Weights ~ U(-a, a) with a = 1/sqrt(fan_in), norms ~ 1 + U(-0.1, 0.1), so
 * activations stay in a realistic range. Same config, dtype and seed: the same bytes.
 *
 * <p>Values are generated and written tensor by tensor through a small buffer, so a multi-gigabyte
 * checkpoint (llama-1b in F32 is about 5 GB) needs no more memory than the buffer.
 */
public final class SyntheticCheckpoint {
    private static final int CHUNK = 1 << 20;

    /** One tensor of the file: values U(-a, a), or 1 + U(-0.1, 0.1) for a norm. */
    private record Spec(String name, long[] shape, float bound, boolean norm) {
        long count() {
            long n = 1;
            for (long d : shape) n *= d;
            return n;
        }
    }

    private SyntheticCheckpoint() {
    }

    /**
     * The checkpoint of the named shape (see {@link SyntheticShapes}) under the cache directory,
     * {@code <cache>/synthetic/NAME-DTYPE-SEED}, written on first use and reused afterwards. The cache is
     * {@code -Dlancet.cache}, else {@code $LANCET_CACHE}, else {@code ~/.cache/lancet}.
     */
    public static Path cached(String shape, DType dtype, long seed) {
        Path dir = cacheDir(shape, dtype, seed);
        if (isComplete(dir)) return dir;
        ModelConfig c = SyntheticShapes.byName(shape);
        Path tmp = dir.resolveSibling(dir.getFileName() + ".tmp-" + ProcessHandle.current().pid());
        try {
            if (Files.exists(dir)) { // written by an older version, or cut short: set aside, then deleted
                Path stale = dir.resolveSibling(dir.getFileName() + ".stale-" + ProcessHandle.current().pid());
                try {
                    Files.move(dir, stale, StandardCopyOption.ATOMIC_MOVE);
                } catch (NoSuchFileException gone) {
                    // another process set it aside first
                }
                deleteTree(stale);
            }
            write(tmp, c, dtype, seed);
            try {
                Files.move(tmp, dir, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException raced) {
                if (!isComplete(dir)) throw raced;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write synthetic checkpoint " + dir + ": " + e.getMessage(), e);
        } finally {
            deleteTree(tmp);
        }
        return dir;
    }

    /** Where {@link #cached} keeps that checkpoint. */
    public static Path cacheDir(String shape, DType dtype, long seed) {
        String base = System.getProperty("lancet.cache");
        if (base == null || base.isBlank()) base = System.getenv("LANCET_CACHE");
        Path root = base == null || base.isBlank() ? Path.of(System.getProperty("user.home"), ".cache", "lancet") : Path.of(base);
        SyntheticShapes.byName(shape); // unknown names fail here, with the list of known ones
        return root.resolve("synthetic").resolve(shape.toLowerCase(Locale.ROOT) + "-" + dtype.name().toLowerCase(Locale.ROOT) + "-" + seed);
    }

    /**
     * Whether {@code dir} holds a whole checkpoint as this version writes it: config and weights, the weights' data
     * starting on a {@link SafetensorsWriter#DATA_ALIGNMENT} boundary (caches written before that padding are
     * written again).
     */
    public static boolean isComplete(Path dir) {
        Path weights = dir.resolve("model.safetensors");
        return Files.isRegularFile(dir.resolve("config.json")) && Files.isRegularFile(weights) && dataAligned(weights);
    }

    private static boolean dataAligned(Path weights) {
        try (FileChannel ch = FileChannel.open(weights, StandardOpenOption.READ)) {
            ByteBuffer b = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            while (b.hasRemaining()) if (ch.read(b) < 0) return false;
            return Math.floorMod(8 + b.flip().getLong(), (long) SafetensorsWriter.DATA_ALIGNMENT) == 0;
        } catch (IOException e) {
            return false;
        }
    }

    public static void write(Path dir, ModelConfig c, DType dtype, long seed) {
        if (dtype != DType.F32 && dtype != DType.F16 && dtype != DType.BF16) {
            throw new IllegalArgumentException("synthetic weights can be F32, F16 or BF16, not " + dtype);
        }
        try {
            Files.createDirectories(dir);
            ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
            json.writeValue(dir.resolve("config.json").toFile(), c.toJson());
            writeTensors(dir.resolve("model.safetensors"), specs(c), dtype, seed);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + dir + ": " + e.getMessage(), e);
        }
    }

    private static List<Spec> specs(ModelConfig c) {
        int h = c.hiddenSize(), ffn = c.intermediateSize();
        List<Spec> s = new ArrayList<>();
        s.add(new Spec("model.embed_tokens.weight", new long[]{c.vocabSize(), h}, 1.0f, false));
        for (int l = 0; l < c.numLayers(); l++) {
            String p = "model.layers." + l + ".";
            s.add(new Spec(p + "input_layernorm.weight", new long[]{h}, 0, true));
            s.add(linear(p + "self_attn.q_proj.weight", c.qDim(), h));
            s.add(linear(p + "self_attn.k_proj.weight", c.kvDim(), h));
            s.add(linear(p + "self_attn.v_proj.weight", c.kvDim(), h));
            if (c.attentionBias()) {
                s.add(new Spec(p + "self_attn.q_proj.bias", new long[]{c.qDim()}, 0.1f, false));
                s.add(new Spec(p + "self_attn.k_proj.bias", new long[]{c.kvDim()}, 0.1f, false));
                s.add(new Spec(p + "self_attn.v_proj.bias", new long[]{c.kvDim()}, 0.1f, false));
            }
            s.add(linear(p + "self_attn.o_proj.weight", h, c.qDim()));
            s.add(new Spec(p + "post_attention_layernorm.weight", new long[]{h}, 0, true));
            s.add(linear(p + "mlp.gate_proj.weight", ffn, h));
            s.add(linear(p + "mlp.up_proj.weight", ffn, h));
            s.add(linear(p + "mlp.down_proj.weight", h, ffn));
        }
        s.add(new Spec("model.norm.weight", new long[]{h}, 0, true));
        if (!c.tieWordEmbeddings()) s.add(linear("lm_head.weight", c.vocabSize(), h));
        return s;
    }

    private static Spec linear(String name, int rows, int cols) {
        return new Spec(name, new long[]{rows, cols}, (float) (1.0 / Math.sqrt(cols)), false);
    }

    /** safetensors: 8-byte header length, JSON header padded so the data starts on a cache line, then the tensors in order. */
    private static void writeTensors(Path file, List<Spec> specs, DType dtype, long seed) throws IOException {
        ObjectNode header = new ObjectMapper().createObjectNode();
        long offset = 0;
        for (Spec s : specs) {
            ObjectNode t = header.putObject(s.name());
            t.put("dtype", dtype.name());
            ArrayNode shape = t.putArray("shape");
            for (long d : s.shape()) shape.add(d);
            ArrayNode o = t.putArray("data_offsets");
            o.add(offset);
            offset += s.count() * dtype.bytes();
            o.add(offset);
        }
        byte[] h = header.toString().getBytes(StandardCharsets.UTF_8);
        int padded = SafetensorsWriter.paddedHeaderLength(h.length);
        ByteBuffer buf = ByteBuffer.allocateDirect(Math.max(CHUNK * 4, padded + 8)).order(ByteOrder.LITTLE_ENDIAN);
        buf.putLong(padded).put(h);
        while (buf.position() < padded + 8) buf.put((byte) ' ');
        SplittableRandom rnd = new SplittableRandom(seed);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
            for (Spec s : specs) {
                for (long i = 0, n = s.count(); i < n; i++) {
                    float v = s.norm() ? 1f + (float) (rnd.nextDouble() * 0.2 - 0.1) : (float) ((rnd.nextDouble() * 2 - 1) * s.bound());
                    switch (dtype) {
                        case F32 -> buf.putFloat(v);
                        case F16 -> buf.putShort(Float.floatToFloat16(v));
                        default -> buf.putShort(SafetensorsWriter.toBf16(v));
                    }
                    if (buf.remaining() < 4) drain(ch, buf);
                }
            }
            drain(ch, buf);
        }
    }

    private static void drain(FileChannel ch, ByteBuffer buf) throws IOException {
        buf.flip();
        while (buf.hasRemaining()) ch.write(buf);
        buf.clear();
    }

    private static void deleteTree(Path p) {
        if (!Files.exists(p)) return;
        try (Stream<Path> s = Files.walk(p)) {
            s.sorted((a, b) -> b.getNameCount() - a.getNameCount()).forEach(f -> {
                try {
                    Files.deleteIfExists(f);
                } catch (IOException ignored) {
                    // best effort: a leftover temp folder is harmless
                }
            });
        } catch (IOException ignored) {
            // best effort
        }
    }
}
