package dev.lancet.runtime.testing;

import dev.lancet.runtime.safetensors.DType;
import dev.lancet.runtime.safetensors.SafetensorsCheckpoint;
import dev.lancet.runtime.safetensors.SafetensorsWriter;
import dev.lancet.runtime.safetensors.TensorInfo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/** Writes altered copies of a checkpoint for tests: another dtype, several shards, or edited tensors. */
public final class CheckpointCopies {
    private CheckpointCopies() {
    }

    /** Copies config and tokenizer files, and rewrites every tensor as {@code dtype} in {@code shards} files. */
    public static Path copy(Path src, Path dst, DType dtype, int shards) {
        return copy(src, dst, dtype, shards, (name, values) -> values);
    }

    /** As {@link #copy(Path, Path, DType, int)}, passing each tensor's floats through {@code edit}. */
    public static Path copy(Path src, Path dst, DType dtype, int shards, BiFunction<String, float[], float[]> edit) {
        try {
            Files.createDirectories(dst);
            for (String f : List.of("config.json", "tokenizer.json", "tokenizer_config.json")) {
                if (Files.exists(src.resolve(f))) Files.copy(src.resolve(f), dst.resolve(f));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try (SafetensorsCheckpoint ckpt = SafetensorsCheckpoint.open(src)) {
            List<TensorInfo> tensors = new ArrayList<>(ckpt.tensors().values());
            Map<String, String> weightMap = new LinkedHashMap<>();
            for (int s = 0; s < shards; s++) {
                SafetensorsWriter w = new SafetensorsWriter();
                String file = shards == 1 ? "model.safetensors"
                        : String.format("model-%05d-of-%05d.safetensors", s + 1, shards);
                for (int i = s; i < tensors.size(); i += shards) {
                    TensorInfo t = tensors.get(i);
                    w.add(t.name(), dtype, edit.apply(t.name(), ckpt.readFloats(t.name())), t.shape());
                    weightMap.put(t.name(), file);
                }
                w.write(dst.resolve(file));
            }
            if (shards > 1) {
                StringBuilder json = new StringBuilder("{\"metadata\": {}, \"weight_map\": {");
                int i = 0;
                for (Map.Entry<String, String> e : weightMap.entrySet()) {
                    json.append(i++ == 0 ? "" : ", ").append('"').append(e.getKey()).append("\": \"").append(e.getValue()).append('"');
                }
                json.append("}}");
                Files.writeString(dst.resolve(SafetensorsCheckpoint.INDEX), json);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return dst;
    }
}
