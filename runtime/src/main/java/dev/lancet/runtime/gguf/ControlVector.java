package dev.lancet.runtime.gguf;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A llama.cpp control vector: for some layers N >= 1, a direction of {@code hiddenSize} floats added to the residual
 * stream at the output of block N (0-based), i.e. {@code resid_post[N] += direction[N]}.
 *
 * <p>File form (GGUF): metadata {@code general.architecture = "controlvector"}, {@code controlvector.model_hint}
 * (e.g. "llama"), {@code controlvector.layer_count} (number of directions); one F32 tensor {@code direction.N} of
 * shape [hiddenSize] per layer. llama.cpp never writes N = 0 and refuses to load it; so does Lancet.
 *
 * <p>Immutable: arrays are copied in and out.
 */
public final class ControlVector {
    public static final String ARCHITECTURE = "controlvector";
    public static final String MODEL_HINT_KEY = "controlvector.model_hint";
    public static final String LAYER_COUNT_KEY = "controlvector.layer_count";
    private static final Pattern DIRECTION = Pattern.compile("direction\\.(0|[1-9]\\d{0,8})");

    private final int hiddenSize;
    private final SortedMap<Integer, float[]> directions;
    private final String modelHint;
    private final String source;

    /** {@code modelHint} may be null; {@code source} names the vector in error messages (a file, "sum of ..."). */
    public ControlVector(Map<Integer, float[]> directions, String modelHint, String source) {
        this.source = source == null ? "control vector" : source;
        this.modelHint = modelHint;
        if (directions.isEmpty()) {
            throw error("has no directions");
        }
        this.directions = new TreeMap<>();
        int size = -1;
        int sizeLayer = -1;
        for (Map.Entry<Integer, float[]> e : new TreeMap<>(directions).entrySet()) {
            int layer = e.getKey();
            float[] v = e.getValue();
            if (layer < 1) {
                throw error("direction." + layer + " targets layer " + layer + ": control vector layers start at 1 "
                        + "(direction.N is added to the output of block N; llama.cpp never writes direction.0)");
            }
            if (size < 0) {
                size = v.length;
                sizeLayer = layer;
            } else if (v.length != size) {
                throw error("direction." + layer + " has " + v.length + " values but direction." + sizeLayer
                        + " has " + size + ": all directions must have the same length");
            }
            for (int i = 0; i < v.length; i++) {
                if (!Float.isFinite(v[i])) {
                    throw error("direction." + layer + "[" + i + "] is " + v[i]);
                }
            }
            this.directions.put(layer, v.clone());
        }
        if (size == 0) {
            throw error("directions are empty (hidden size 0)");
        }
        this.hiddenSize = size;
    }

    /** Reads a control-vector GGUF file (F32, or F16/BF16 widened). */
    public static ControlVector read(Path path) {
        try (GgufFile gguf = GgufFile.open(path)) {
            String where = "control vector " + path;
            Object arch = gguf.metadata().get("general.architecture");
            if (arch != null && !ARCHITECTURE.equals(arch)) {
                throw new ControlVectorException(where + ": general.architecture is '" + arch + "', expected '"
                        + ARCHITECTURE + "' (is this a model file?)");
            }
            Object hint = gguf.metadata().get(MODEL_HINT_KEY);
            Map<Integer, float[]> directions = new TreeMap<>();
            for (GgufTensorInfo t : gguf.tensors()) {
                Matcher m = DIRECTION.matcher(t.name());
                if (!m.matches()) {
                    throw new ControlVectorException(where + ": tensor '" + t.name() + "' is not named direction.N");
                }
                if (t.elementCount() != (t.rank() == 0 ? 1 : t.shape()[0])) {
                    throw new ControlVectorException(where + ": tensor '" + t.name() + "' has shape "
                            + Arrays.toString(t.shape()) + ", expected one dimension [hidden_size]");
                }
                directions.put(Integer.parseInt(m.group(1)), gguf.readFloats(t.name()));
            }
            return new ControlVector(directions, hint instanceof String s ? s : null, path.toString());
        }
    }

    /** Writes the llama.cpp form (see the class comment), directions in ascending layer order, atomically. */
    public void write(Path path) {
        GgufWriter w = new GgufWriter().put("general.architecture", ARCHITECTURE);
        if (modelHint != null) {
            w.put(MODEL_HINT_KEY, modelHint);
        }
        w.put(LAYER_COUNT_KEY, GgufValueType.INT32, directions.size());
        directions.forEach((layer, v) -> w.addTensor("direction." + layer, v));
        w.write(path);
    }

    /** Every direction multiplied by {@code s}: {@code v'[i] = s * v[i]} in float. */
    public ControlVector scaled(float s) {
        Map<Integer, float[]> out = new TreeMap<>();
        directions.forEach((layer, v) -> {
            float[] w = new float[v.length];
            for (int i = 0; i < v.length; i++) {
                w[i] = s * v[i];
            }
            out.put(layer, w);
        });
        return new ControlVector(out, modelHint, s == 1f ? source : source + " x " + s);
    }

    /**
     * Layer-wise sum in list order ({@code ((v0 + v1) + v2) ...} in float, a layer missing from one vector counting as
     * zero), as llama.cpp does with several {@code --control-vector} options. All must share one hidden size.
     */
    public static ControlVector sum(List<ControlVector> vectors) {
        if (vectors.isEmpty()) {
            throw new ControlVectorException("sum of control vectors: the list is empty");
        }
        ControlVector first = vectors.getFirst();
        Map<Integer, float[]> out = new TreeMap<>();
        String hint = null;
        StringBuilder source = new StringBuilder();
        for (ControlVector cv : vectors) {
            if (cv.hiddenSize != first.hiddenSize) {
                throw new ControlVectorException("cannot sum control vectors: " + cv.source + " has hidden size "
                        + cv.hiddenSize + " but " + first.source + " has " + first.hiddenSize);
            }
            cv.directions.forEach((layer, v) -> {
                float[] acc = out.computeIfAbsent(layer, k -> new float[first.hiddenSize]);
                for (int i = 0; i < v.length; i++) {
                    acc[i] += v[i];
                }
            });
            hint = hint != null ? hint : cv.modelHint;
            source.append(source.isEmpty() ? "" : " + ").append(cv.source);
        }
        return new ControlVector(out, hint, vectors.size() == 1 ? first.source : source.toString());
    }

    /** Checks the vector fits a model: same hidden size, every layer N in [1, numLayers). */
    public void validateFor(int modelHiddenSize, int numLayers) {
        if (hiddenSize != modelHiddenSize) {
            throw error("has hidden size " + hiddenSize + " but the model's hidden size is " + modelHiddenSize);
        }
        int last = directions.lastKey();
        if (last >= numLayers) {
            throw error("direction." + last + " targets layer " + last + " but the model has " + numLayers
                    + " layers (0.." + (numLayers - 1) + ")");
        }
    }

    public int hiddenSize() {
        return hiddenSize;
    }

    /** The model family the vector was made for (llama.cpp's hint, e.g. "llama"), or null. */
    public String modelHint() {
        return modelHint;
    }

    /** Where the vector came from, for messages. */
    public String source() {
        return source;
    }

    /** Layers with a direction, ascending. */
    public List<Integer> layers() {
        return List.copyOf(directions.keySet());
    }

    /** A copy of the direction for {@code layer}, or null when the vector has none there. */
    public float[] direction(int layer) {
        float[] v = directions.get(layer);
        return v == null ? null : v.clone();
    }

    /** Copies of all directions by layer, ascending. */
    public SortedMap<Integer, float[]> directions() {
        SortedMap<Integer, float[]> out = new TreeMap<>();
        directions.forEach((layer, v) -> out.put(layer, v.clone()));
        return Collections.unmodifiableSortedMap(out);
    }

    @Override
    public String toString() {
        return "ControlVector[" + source + ", hidden " + hiddenSize + ", layers " + directions.keySet()
                + (modelHint == null ? "" : ", hint " + modelHint) + "]";
    }

    private ControlVectorException error(String detail) {
        return new ControlVectorException(source + ": " + detail);
    }
}
