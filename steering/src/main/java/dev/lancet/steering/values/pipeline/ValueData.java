package dev.lancet.steering.values.pipeline;

import dev.lancet.steering.values.ValueDataException;
import dev.lancet.steering.values.ValueDialogues;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Opens a labelled-dialogue file in either format: Value FULCRA ({@code dialogue}, {@code value_types}) or Lancet's JSONL schema. */
public final class ValueData {
    private ValueData() {
    }

    public static ValueDialogues load(Path file) {
        if (!Files.isRegularFile(file)) throw new ValueDataException(file + ": no such data file");
        String first = null;
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            for (String line; (line = r.readLine()) != null; ) {
                if (!line.isBlank()) {
                    first = line;
                    break;
                }
            }
        } catch (IOException e) {
            throw new ValueDataException(file + ": cannot read: " + e.getMessage());
        }
        if (first == null) throw new ValueDataException(file + ": empty data file");
        return first.contains("\"value_types\"") ? ValueDialogues.loadFulcra(file) : ValueDialogues.loadJsonl(file);
    }
}
