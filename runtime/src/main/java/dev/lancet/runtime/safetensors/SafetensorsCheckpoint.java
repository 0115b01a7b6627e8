package dev.lancet.runtime.safetensors;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lancet.runtime.json.JsonTreeReader;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * All tensors of a model directory: a single {@code model.safetensors}, or shards listed by
 * {@code model.safetensors.index.json} ({@code weight_map}: tensor name -> shard file). Knows nothing
 * of the model that uses them.
 */
public final class SafetensorsCheckpoint implements AutoCloseable {
    public static final String INDEX = "model.safetensors.index.json";
    public static final String SINGLE = "model.safetensors";

    private final Path dir;
    private final List<SafetensorsFile> files;
    private final Map<String, SafetensorsFile> owner;

    private SafetensorsCheckpoint(Path dir, List<SafetensorsFile> files, Map<String, SafetensorsFile> owner) {
        this.dir = dir;
        this.files = files;
        this.owner = owner;
    }

    public static SafetensorsCheckpoint open(Path dir) {
        if (!Files.isDirectory(dir)) throw new SafetensorsException(dir + ": not a model directory");
        Path index = dir.resolve(INDEX);
        List<String> shardNames = new ArrayList<>();
        Map<String, String> declared = null;
        if (Files.isRegularFile(index)) {
            declared = readIndex(index);
            shardNames.addAll(new TreeSet<>(declared.values()));
        } else if (Files.isRegularFile(dir.resolve(SINGLE))) {
            shardNames.add(SINGLE);
        } else {
            try (Stream<Path> s = Files.list(dir)) {
                s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".safetensors")).sorted().forEach(shardNames::add);
            } catch (IOException e) {
                throw new SafetensorsException(dir + ": cannot list: " + e.getMessage(), e);
            }
            if (shardNames.isEmpty()) throw new SafetensorsException(dir + ": no " + SINGLE + ", no " + INDEX + " and no *.safetensors file");
        }
        List<SafetensorsFile> files = new ArrayList<>();
        Map<String, SafetensorsFile> owner = new LinkedHashMap<>();
        try {
            for (String shard : shardNames) {
                Path p = dir.resolve(shard).normalize();
                if (!p.startsWith(dir.normalize())) throw new SafetensorsException(index + ": shard '" + shard + "' lies outside the model directory");
                SafetensorsFile f = SafetensorsFile.open(p);
                files.add(f);
                for (String name : f.tensors().keySet()) {
                    SafetensorsFile prev = owner.putIfAbsent(name, f);
                    if (prev != null) throw new SafetensorsException("tensor '" + name + "' appears in both " + prev.path() + " and " + f.path());
                }
            }
            if (declared != null) {
                for (Map.Entry<String, String> e : declared.entrySet()) {
                    SafetensorsFile f = owner.get(e.getKey());
                    if (f == null) throw new SafetensorsException(index + ": tensor '" + e.getKey() + "' is listed in shard " + e.getValue() + " but not found in it");
                    if (!f.path().getFileName().toString().equals(Path.of(e.getValue()).getFileName().toString())) {
                        throw new SafetensorsException(index + ": tensor '" + e.getKey() + "' is listed in " + e.getValue() + " but stored in " + f.path().getFileName());
                    }
                }
            }
        } catch (RuntimeException e) {
            files.forEach(SafetensorsFile::close);
            throw e;
        }
        return new SafetensorsCheckpoint(dir, Collections.unmodifiableList(files), Collections.unmodifiableMap(owner));
    }

    private static Map<String, String> readIndex(Path index) {
        JsonNode root;
        try {
            root = JsonTreeReader.read(index);
        } catch (IOException e) {
            throw new SafetensorsException(index + ": not valid JSON: " + e.getMessage(), e);
        }
        JsonNode map = root == null ? null : root.get("weight_map");
        if (map == null || !map.isObject()) throw new SafetensorsException(index + ": missing object 'weight_map'");
        Map<String, String> out = new LinkedHashMap<>();
        map.fields().forEachRemaining(e -> {
            if (!e.getValue().isTextual()) throw new SafetensorsException(index + ": weight_map['" + e.getKey() + "'] is not a file name");
            out.put(e.getKey(), e.getValue().asText());
        });
        return out;
    }

    public Path dir() {
        return dir;
    }

    public List<SafetensorsFile> files() {
        return files;
    }

    /**
     * The alignment the matrices (2-D tensors) have in the files, a power of two up to 64: the largest that divides
     * every one's file offset. Read in place, a matrix's rows sit at that alignment in memory (a mapping starts on a
     * page), and below 64 a vector load of a whole cache line's worth spans two lines.
     */
    public int matrixAlignment() {
        long a = 64;
        for (SafetensorsFile f : files) {
            for (TensorInfo t : f.tensors().values()) {
                if (t.shape().length != 2) continue;
                long off = f.fileOffset(t.name());
                if (off != 0) a = Math.min(a, Long.lowestOneBit(off));
            }
        }
        return (int) a;
    }

    /** {@link SafetensorsFile#unloadAll} for every file of the checkpoint. */
    public void unloadAll() {
        for (SafetensorsFile f : files) f.unloadAll();
    }

    public boolean has(String name) {
        return owner.containsKey(name);
    }

    public Map<String, TensorInfo> tensors() {
        Map<String, TensorInfo> all = new LinkedHashMap<>();
        owner.forEach((n, f) -> all.put(n, f.info(n)));
        return all;
    }

    /** The info of a tensor the model needs; a missing one is an error naming it and the directory. */
    public TensorInfo info(String name) {
        SafetensorsFile f = owner.get(name);
        if (f == null) throw new SafetensorsException(dir + ": missing tensor '" + name + "'");
        return f.info(name);
    }

    public Path fileOf(String name) {
        info(name);
        return owner.get(name).path();
    }

    public MemorySegment data(String name) {
        info(name);
        return owner.get(name).data(name);
    }

    public float[] readFloats(String name) {
        info(name);
        return owner.get(name).readFloats(name);
    }

    @Override
    public void close() {
        files.forEach(SafetensorsFile::close);
    }
}
