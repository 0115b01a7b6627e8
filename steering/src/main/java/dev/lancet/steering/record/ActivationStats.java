package dev.lancet.steering.record;

import dev.lancet.runtime.LancetException;
import dev.lancet.runtime.edit.Site;
import dev.lancet.runtime.safetensors.DType;
import dev.lancet.runtime.safetensors.SafetensorsFile;
import dev.lancet.runtime.safetensors.SafetensorsWriter;
import dev.lancet.runtime.safetensors.TensorInfo;

import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Per-neuron statistics for several sites and layers ({@link NeuronStats} per {@link StatsKey}), as written by
 * {@code lancet record}. File format (safetensors), for every recorded site S at layer L:
 * <pre>
 *   layers.L.S.count  I64 [width]   observations (tokens) per neuron
 *   layers.L.S.mean   F64 [width]   mean
 *   layers.L.S.m2     F64 [width]   sum of squared deviations from the mean (variance = m2 / count)
 *   layers.L.S.min    F32 [width]
 *   layers.L.S.max    F32 [width]
 * </pre>
 * e.g. {@code layers.3.mlp.neurons.mean}; metadata {@code format = lancet.activation_stats}, {@code version = 1},
 * plus free-form provenance (model, prompts, positions). Files are read with every dtype, shape and value checked.
 */
public final class ActivationStats {
    public static final String FORMAT = "lancet.activation_stats";
    public static final String VERSION = "1";
    private static final Pattern NAME = Pattern.compile("layers\\.(0|[1-9]\\d{0,8})\\.([a-z]+\\.[a-z]+|residual)\\.(count|mean|m2|min|max)");
    private static final ValueLayout.OfLong I64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfDouble F64 = ValueLayout.JAVA_DOUBLE_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private final Map<StatsKey, NeuronStats> blocks;
    private final Map<String, String> metadata = new LinkedHashMap<>();

    private ActivationStats(Map<StatsKey, NeuronStats> blocks) {
        this.blocks = blocks;
    }

    /** Empty statistics for these blocks, each of its width. */
    public static ActivationStats empty(List<StatsKey> keys, int[] widths) {
        if (keys.size() != widths.length) throw new IllegalArgumentException(keys.size() + " keys but " + widths.length + " widths");
        Map<StatsKey, NeuronStats> m = new LinkedHashMap<>();
        for (int i = 0; i < widths.length; i++) {
            if (m.put(keys.get(i), new NeuronStats(widths[i])) != null) throw new IllegalArgumentException(keys.get(i) + " given twice");
        }
        return new ActivationStats(m);
    }

    /** The block for {@code site} at {@code layer}, or null when it was not recorded. */
    public NeuronStats get(Site site, int layer) {
        return blocks.get(new StatsKey(site, layer));
    }

    public List<StatsKey> keys() {
        return List.copyOf(blocks.keySet());
    }

    public Map<String, String> metadata() {
        return Collections.unmodifiableMap(metadata);
    }

    /** Provenance written with the file (model, prompts, positions, ...). */
    public ActivationStats putMetadata(String key, String value) {
        metadata.put(key, value);
        return this;
    }

    /** "mlp.neurons layers 0-4" style summary of the blocks, for messages. */
    public String describeBlocks() {
        Map<Site, TreeSet<Integer>> bySite = new LinkedHashMap<>();
        for (StatsKey k : blocks.keySet()) bySite.computeIfAbsent(k.site(), s -> new TreeSet<>()).add(k.layer());
        StringJoiner j = new StringJoiner("; ");
        bySite.forEach((s, ls) -> j.add(s.id() + " layers " + ls));
        return bySite.isEmpty() ? "no blocks" : j.toString();
    }

    /** Folds {@code other} in, block by block (Chan). Both must have the same blocks and widths. */
    public void merge(ActivationStats other) {
        if (!other.blocks.keySet().equals(blocks.keySet())) {
            throw new StatsException("cannot merge statistics of different blocks: " + describeBlocks() + " vs " + other.describeBlocks());
        }
        for (Map.Entry<StatsKey, NeuronStats> e : blocks.entrySet()) {
            NeuronStats o = other.blocks.get(e.getKey());
            if (o.width() != e.getValue().width()) {
                throw new StatsException("cannot merge " + e.getKey() + ": width " + o.width() + " vs " + e.getValue().width());
            }
            e.getValue().merge(o);
        }
    }

    public ActivationStats copy() {
        Map<StatsKey, NeuronStats> m = new LinkedHashMap<>();
        blocks.forEach((k, v) -> m.put(k, v.copy()));
        ActivationStats c = new ActivationStats(m);
        c.metadata.putAll(metadata);
        return c;
    }

    /** Bitwise equality of every block (for determinism checks). */
    public boolean sameBits(ActivationStats o) {
        if (!o.blocks.keySet().equals(blocks.keySet())) return false;
        for (Map.Entry<StatsKey, NeuronStats> e : blocks.entrySet()) if (!e.getValue().sameBits(o.blocks.get(e.getKey()))) return false;
        return true;
    }

    /** Writes the file atomically (see the class comment for the tensor names). */
    public void write(Path file) {
        SafetensorsWriter w = new SafetensorsWriter();
        w.metadata("format", FORMAT).metadata("version", VERSION).metadata("variance", "m2 / count (population); m2 / (count - 1) (sample)");
        metadata.forEach((k, v) -> {
            if (!k.equals("format") && !k.equals("version") && !k.equals("variance")) w.metadata(k, v);
        });
        for (Map.Entry<StatsKey, NeuronStats> e : blocks.entrySet()) {
            String p = e.getKey().tensorPrefix();
            NeuronStats s = e.getValue();
            int n = s.width();
            ByteBuffer count = ByteBuffer.allocate(8 * n).order(ByteOrder.LITTLE_ENDIAN);
            for (int j = 0; j < n; j++) count.putLong(s.count());
            w.addRaw(p + ".count", DType.I64, count.array(), n);
            w.addRaw(p + ".mean", DType.F64, doubles(s.means()), n);
            w.addRaw(p + ".m2", DType.F64, doubles(s.m2s()), n);
            w.add(p + ".min", DType.F32, s.mins(), n);
            w.add(p + ".max", DType.F32, s.maxs(), n);
        }
        w.write(file);
    }

    private static byte[] doubles(double[] v) {
        ByteBuffer b = ByteBuffer.allocate(8 * v.length).order(ByteOrder.LITTLE_ENDIAN);
        for (double x : v) b.putDouble(x);
        return b.array();
    }

    /** Reads and validates a statistics file. */
    public static ActivationStats read(Path file) {
        try (SafetensorsFile f = SafetensorsFile.open(file)) {
            String format = f.metadata().get("format");
            if (!FORMAT.equals(format)) {
                throw new StatsException(file + ": not a Lancet statistics file (metadata format is " + (format == null ? "missing" : "'" + format + "'")
                        + ", expected '" + FORMAT + "')");
            }
            if (!VERSION.equals(f.metadata().get("version"))) {
                throw new StatsException(file + ": statistics format version '" + f.metadata().get("version") + "' is not supported (expected " + VERSION + ")");
            }
            Map<StatsKey, Integer> order = new LinkedHashMap<>();
            for (String name : f.tensors().keySet()) {
                Matcher m = NAME.matcher(name);
                if (!m.matches()) throw new StatsException(file + ": tensor '" + name + "' is not named layers.L.SITE.{count,mean,m2,min,max}");
                Site site;
                try {
                    site = Site.parse(m.group(2));
                } catch (LancetException e) {
                    throw new StatsException(file + ": tensor '" + name + "': " + e.getMessage());
                }
                order.putIfAbsent(new StatsKey(site, Integer.parseInt(m.group(1))), order.size());
            }
            Map<StatsKey, NeuronStats> blocks = new LinkedHashMap<>();
            for (StatsKey k : order.keySet()) blocks.put(k, readBlock(file, f, k));
            ActivationStats s = new ActivationStats(blocks);
            s.metadata.putAll(f.metadata());
            return s;
        }
    }

    private static NeuronStats readBlock(Path file, SafetensorsFile f, StatsKey k) {
        String p = k.tensorPrefix();
        int width = -1;
        for (String stat : List.of("count", "mean", "m2", "min", "max")) {
            String name = p + "." + stat;
            if (!f.tensors().containsKey(name)) throw new StatsException(file + ": " + k + " has no tensor '" + name + "'");
            TensorInfo t = f.info(name);
            DType want = switch (stat) {
                case "count" -> DType.I64;
                case "mean", "m2" -> DType.F64;
                default -> DType.F32;
            };
            if (t.dtype() != want) throw new StatsException(file + ": tensor '" + name + "' has dtype " + t.dtype() + ", expected " + want);
            if (t.shape().length != 1 || t.shape()[0] < 1 || t.shape()[0] > Integer.MAX_VALUE) {
                throw new StatsException(file + ": tensor '" + name + "' has shape " + t.shapeString() + ", expected [width]");
            }
            if (width < 0) width = (int) t.shape()[0];
            else if (t.shape()[0] != width) throw new StatsException(file + ": tensor '" + name + "' has " + t.shape()[0] + " entries, the block's others " + width);
        }
        long[] counts = f.data(p + ".count").toArray(I64);
        long count = counts[0];
        if (count < 0) throw new StatsException(file + ": tensor '" + p + ".count' is negative (" + count + ")");
        for (int j = 1; j < counts.length; j++) {
            if (counts[j] != count) throw new StatsException(file + ": tensor '" + p + ".count' differs across neurons (" + count + " vs " + counts[j] + " at " + j + ")");
        }
        double[] mean = f.data(p + ".mean").toArray(F64);
        double[] m2 = f.data(p + ".m2").toArray(F64);
        float[] min = f.readFloats(p + ".min"), max = f.readFloats(p + ".max");
        for (int j = 0; j < width; j++) {
            if (count > 0 && (!Double.isFinite(mean[j]) || !Double.isFinite(m2[j]) || m2[j] < 0)) {
                throw new StatsException(file + ": " + k + " neuron " + j + " has mean " + mean[j] + " and m2 " + m2[j] + " (must be finite, m2 >= 0)");
            }
        }
        return new NeuronStats(count, mean, m2, min, max);
    }

    /** Reads several files and merges them in the order given (Chan); all must hold the same blocks. */
    public static ActivationStats mergeFiles(List<Path> files) {
        if (files.isEmpty()) throw new StatsException("no statistics files to merge");
        ActivationStats acc = null;
        List<String> names = new ArrayList<>();
        for (Path p : files) {
            ActivationStats s = read(p);
            names.add(p.toString());
            if (acc == null) {
                acc = s;
            } else {
                try {
                    acc.merge(s);
                } catch (StatsException e) {
                    throw new StatsException(p + ": " + e.getMessage());
                }
            }
        }
        acc.putMetadata("merged_from", String.join(", ", names));
        return acc;
    }

    @Override
    public String toString() {
        return "ActivationStats[" + describeBlocks() + "]";
    }
}
