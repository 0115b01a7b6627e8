package dev.lancet.steering.record;

import dev.lancet.runtime.safetensors.DType;
import dev.lancet.runtime.safetensors.SafetensorsWriter;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes raw activation rows into safetensors shards {@code DIR/raw-00000.safetensors}, {@code raw-00001...}, each of
 * at most {@code rowsPerShard} rows (one row = one token). Tensors per shard:
 * <pre>
 *   layers.L.SITE  F32 [rows, width]   the activations, one block per recorded site and layer
 *   example        I32 [rows]          index of the example (prompt) the row comes from
 *   position       I32 [rows]          absolute position of the token in its example
 * </pre>
 * Metadata: {@code format = lancet.raw_activations}, {@code version = 1}. Rows arrive in example order.
 */
public final class RawShardWriter implements AutoCloseable {
    public static final String FORMAT = "lancet.raw_activations";

    private final Path dir;
    private final int rowsPerShard;
    private final List<StatsKey> keys;
    private final int[] widths;
    private final float[][] buffers;
    private final int[] examples, positions;
    private final List<Path> written = new ArrayList<>();
    private int rows;

    public RawShardWriter(Path dir, int rowsPerShard, List<StatsKey> keys, int[] widths) {
        if (rowsPerShard < 1) throw new IllegalArgumentException("rows per shard must be >= 1, got " + rowsPerShard);
        this.dir = dir;
        this.rowsPerShard = rowsPerShard;
        this.keys = List.copyOf(keys);
        this.widths = widths.clone();
        this.buffers = new float[keys.size()][];
        for (int b = 0; b < buffers.length; b++) buffers[b] = new float[rowsPerShard * widths[b]];
        this.examples = new int[rowsPerShard];
        this.positions = new int[rowsPerShard];
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Appends one example's rows: {@code rowsByBlock[b]} is [rowPositions.length * width_b]. */
    public void append(int example, int[] rowPositions, float[][] rowsByBlock) {
        for (int r = 0; r < rowPositions.length; r++) {
            for (int b = 0; b < buffers.length; b++) System.arraycopy(rowsByBlock[b], r * widths[b], buffers[b], rows * widths[b], widths[b]);
            examples[rows] = example;
            positions[rows] = rowPositions[r];
            if (++rows == rowsPerShard) flush();
        }
    }

    private void flush() {
        if (rows == 0) return;
        SafetensorsWriter w = new SafetensorsWriter().metadata("format", FORMAT).metadata("version", "1");
        for (int b = 0; b < buffers.length; b++) {
            float[] data = java.util.Arrays.copyOf(buffers[b], rows * widths[b]);
            w.add(keys.get(b).tensorPrefix(), DType.F32, data, rows, widths[b]);
        }
        w.addInts("example", java.util.Arrays.copyOf(examples, rows), rows);
        w.addInts("position", java.util.Arrays.copyOf(positions, rows), rows);
        Path file = dir.resolve(String.format("raw-%05d.safetensors", written.size()));
        w.write(file);
        written.add(file);
        rows = 0;
    }

    /** Shards written so far. */
    public List<Path> files() {
        return List.copyOf(written);
    }

    /** Writes the last, partial shard. */
    @Override
    public void close() {
        flush();
    }
}
