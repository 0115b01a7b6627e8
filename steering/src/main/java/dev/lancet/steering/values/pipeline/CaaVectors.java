package dev.lancet.steering.values.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lancet.steering.values.SchwartzValue;
import dev.lancet.steering.values.ValueContrast;
import dev.lancet.steering.values.ValueDataException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;

/**
 * Contrastive activation addition (CAA) baseline: per value, the mean residual stream (over response
 * tokens) at the output of block {@code layer} for texts that promote the value minus that of the
 * contrast texts: {@code v = mean_pos(r) - mean_neg(r)}. Steering adds {@code coefficient * v} at every
 * position.
 */
public record CaaVectors(int layer, Map<SchwartzValue, float[]> vectors) {
    public static final String FORMAT = "lancet-caa/1";

    public static CaaVectors compute(float[][] residualAtLayer, ValueContrast contrast, int layer) {
        Map<SchwartzValue, float[]> out = new EnumMap<>(SchwartzValue.class);
        int d = residualAtLayer[0].length;
        for (SchwartzValue v : contrast.values()) {
            boolean[] pos = contrast.positive(v), neg = contrast.negative(v);
            double[] sp = new double[d], sn = new double[d];
            int np = 0, nn = 0;
            for (int e = 0; e < residualAtLayer.length; e++) {
                if (pos[e]) {
                    np++;
                    for (int i = 0; i < d; i++) sp[i] += residualAtLayer[e][i];
                } else if (neg[e]) {
                    nn++;
                    for (int i = 0; i < d; i++) sn[i] += residualAtLayer[e][i];
                }
            }
            float[] vec = new float[d];
            for (int i = 0; i < d; i++) vec[i] = (float) (sp[i] / np - sn[i] / nn);
            out.put(v, vec);
        }
        return new CaaVectors(layer, out);
    }

    public float[] vector(SchwartzValue v) {
        float[] vec = vectors.get(v);
        if (vec == null) throw new ValueDataException("no CAA vector for value '" + v + "' (it had no contrast data)");
        return vec;
    }

    public void write(Path file) {
        ObjectMapper m = new ObjectMapper();
        ObjectNode root = m.createObjectNode();
        root.put("format", FORMAT);
        root.put("layer", layer);
        ObjectNode vs = root.putObject("vectors");
        for (Map.Entry<SchwartzValue, float[]> e : vectors.entrySet()) {
            ArrayNode a = vs.putArray(e.getKey().label());
            for (float f : e.getValue()) a.add(f);
        }
        try {
            Path parent = file.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            Path tmp = Files.createTempFile(parent, ".caa", ".tmp");
            m.writerWithDefaultPrettyPrinter().writeValue(tmp.toFile(), root);
            Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new ValueDataException(file + ": cannot write: " + e.getMessage());
        }
    }

    public static CaaVectors read(Path file) {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(file.toFile());
        } catch (IOException e) {
            throw new ValueDataException(file + ": not a CAA vector file: " + e.getMessage());
        }
        if (root == null || !FORMAT.equals(root.path("format").asText())) throw new ValueDataException(file + ": field 'format' must be \"" + FORMAT + "\"");
        if (!root.path("layer").canConvertToInt()) throw new ValueDataException(file + ": field 'layer' missing");
        Map<SchwartzValue, float[]> out = new EnumMap<>(SchwartzValue.class);
        root.path("vectors").fields().forEachRemaining(e -> {
            SchwartzValue v = SchwartzValue.parse(e.getKey());
            float[] vec = new float[e.getValue().size()];
            for (int i = 0; i < vec.length; i++) {
                JsonNode x = e.getValue().get(i);
                if (!x.isNumber()) throw new ValueDataException(file + ": vectors." + e.getKey() + "[" + i + "] is not a number");
                vec[i] = x.floatValue();
            }
            out.put(v, vec);
        });
        return new CaaVectors(root.get("layer").asInt(), out);
    }
}
