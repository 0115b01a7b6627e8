package dev.lancet.cli;

import dev.lancet.runtime.LancetException;
import dev.lancet.runtime.model.LlamaModel;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;

/** {@code --model DIR}, defaulting to the embedded stories260K model under testdata/. */
public final class ModelOptions {
    @Option(names = "--model", paramLabel = "DIR",
            description = "Model directory in Hugging Face layout (default: the embedded stories260K).")
    public Path model;

    public Path modelDir() {
        Path dir = model != null ? model : embeddedModel();
        if (!Files.isDirectory(dir)) throw new LancetException("model directory " + dir + " does not exist");
        return dir;
    }

    public LlamaModel load() {
        return LlamaModel.load(modelDir());
    }

    /** The launcher passes -Dlancet.home; tests run from the repo, so fall back to the working directory's ancestors. */
    public static Path embeddedModel() {
        String home = System.getProperty("lancet.home", System.getProperty("lancet.root"));
        Path base = home != null ? Path.of(home) : Path.of("").toAbsolutePath();
        for (Path p = base.toAbsolutePath(); p != null; p = p.getParent()) {
            Path candidate = p.resolve("testdata/models/stories260K");
            if (Files.isDirectory(candidate)) return candidate;
        }
        throw new LancetException("the embedded model testdata/models/stories260K was not found; pass --model DIR");
    }
}
