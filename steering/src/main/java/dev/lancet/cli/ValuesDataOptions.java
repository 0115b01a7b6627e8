package dev.lancet.cli;

import dev.lancet.runtime.LancetException;
import dev.lancet.steering.values.ContrastMode;
import dev.lancet.steering.values.SelectionConfig;
import dev.lancet.steering.values.pipeline.LocateOptions;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Data and locate options shared by {@code values locate} and {@code values sweep}. */
public final class ValuesDataOptions {
    @Option(names = "--data", required = true, paramLabel = "FILE.jsonl",
            description = "Labelled texts: Value FULCRA JSONL or Lancet's schema (docs/VALUES.md).")
    public Path data;

    @Option(names = "--general", paramLabel = "FILE.txt", description = "General text, one passage per line (unit classes, perplexity).")
    public Path general;

    @Option(names = "--top-k", paramLabel = "K", description = "Neurons kept per value (default 8).")
    public Integer topK;

    @Option(names = "--top-fraction", paramLabel = "F", description = "Or keep this fraction of all neurons per value.")
    public Double topFraction;

    @Option(names = "--allow-shared", description = "Keep neurons selected by several values.")
    public boolean allowShared;

    @Option(names = "--contrast", paramLabel = "MODE", defaultValue = "promote-vs-rest",
            description = "promote-vs-rest (default) or promote-vs-violate.")
    public String contrast;

    @Option(names = "--max-tokens-per-text", paramLabel = "N", defaultValue = "128", description = "Tokens per text (default ${DEFAULT-VALUE}).")
    public int maxTokens;

    @Option(names = "--max-texts", paramLabel = "N", defaultValue = "0", description = "Use at most N texts (0 = all).")
    public int maxTexts;

    @Option(names = "--caa-layer", paramLabel = "L", defaultValue = "-1", description = "Block output where CAA vectors are taken (default: middle).")
    public int caaLayer;

    /** The model directory's tokenizer; the value commands cannot run without one. */
    public static dev.lancet.tokenizer.Tokenizer tokenizer(Path modelDir, String command) {
        return TokenizerLookup.forModel(modelDir)
                .orElseThrow(() -> new LancetException(modelDir + ": " + command + " needs a tokenizer.json"));
    }

    /** Reads --data and says on stderr what was kept, skipped or repaired. */
    public dev.lancet.steering.values.ValueDialogues loadData() {
        dev.lancet.steering.values.ValueDialogues d = dev.lancet.steering.values.pipeline.ValueData.load(data);
        System.err.println("lancet: " + d.report().summary());
        return d;
    }

    public LocateOptions locateOptions() {
        SelectionConfig sel;
        if (topK != null && topFraction != null) throw new LancetException("give --top-k or --top-fraction, not both");
        if (topFraction != null) sel = SelectionConfig.topFraction(topFraction, allowShared);
        else sel = SelectionConfig.topK(topK == null ? 8 : topK, allowShared);
        return LocateOptions.defaults().withSelection(sel).withContrast(ContrastMode.parse(contrast))
                .withMaxTokens(maxTokens).withMaxTexts(maxTexts).withCaaLayer(caaLayer);
    }

    public List<String> generalLines() {
        return readLines(general);
    }

    static List<String> readLines(Path file) {
        if (file == null) return null;
        try {
            List<String> out = new ArrayList<>();
            for (String l : Files.readAllLines(file)) if (!l.isBlank()) out.add(l.strip());
            if (out.isEmpty()) throw new LancetException(file + ": no text lines");
            return out;
        } catch (IOException e) {
            throw new LancetException(file + ": cannot read: " + e.getMessage());
        }
    }
}
