package dev.lancet.cli;

import dev.lancet.tokenizer.Tokenizer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** The tokenizer that ships beside a model (tokenizer.json in the model directory), if any. */
final class TokenizerLookup {
    private TokenizerLookup() {
    }

    static Optional<Tokenizer> forModel(Path modelDir) {
        if (!Files.isRegularFile(modelDir.resolve("tokenizer.json"))) return Optional.empty();
        return Optional.of(Tokenizer.load(modelDir));
    }
}
