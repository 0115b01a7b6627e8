package dev.lancet.runtime.gguf;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The CLI form {@code FILE[:scale]} of {@code --control-vector}. Paths may themselves contain ':', so only a last
 * ':' followed by a plain decimal number ({@code 0.5}, {@code -2}, {@code 1e-3}) splits off a scale; otherwise the
 * whole text is the path and the scale is 1.
 */
public record ControlVectorSpec(Path path, float scale) {
    private static final Pattern DECIMAL = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");

    public static ControlVectorSpec parse(String text) {
        if (text == null || text.isBlank()) {
            throw new ControlVectorException("control vector spec is empty; expected FILE[:scale]");
        }
        String file = text;
        float scale = 1f;
        int colon = text.lastIndexOf(':');
        if (colon >= 0 && DECIMAL.matcher(text.substring(colon + 1)).matches()) {
            file = text.substring(0, colon);
            scale = Float.parseFloat(text.substring(colon + 1));
            if (!Float.isFinite(scale)) {
                throw new ControlVectorException("control vector spec '" + text + "': scale " + text.substring(colon + 1)
                        + " is not a finite float");
            }
            if (file.isEmpty()) {
                throw new ControlVectorException("control vector spec '" + text + "' has a scale but no file");
            }
        }
        try {
            return new ControlVectorSpec(Path.of(file), scale);
        } catch (InvalidPathException e) {
            throw new ControlVectorException("control vector spec '" + text + "': bad path: " + e.getMessage());
        }
    }

    /** The file's vector times the scale. */
    public ControlVector load() {
        return ControlVector.read(path).scaled(scale);
    }

    /** Loads every spec and sums them in order, as several {@code --control-vector} options do. */
    public static ControlVector loadAll(List<ControlVectorSpec> specs) {
        List<ControlVector> vectors = new ArrayList<>();
        for (ControlVectorSpec spec : specs) {
            vectors.add(spec.load());
        }
        return ControlVector.sum(vectors);
    }
}
