package dev.lancet.cli;

import dev.lancet.tokenizer.Tokenizer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "detokenize", description = "Decode token ids to text.")
final class DetokenizeCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;
    @Spec
    CommandSpec spec;

    @Option(names = "--tokenizer", required = true, paramLabel = "DIR", description = "Directory with tokenizer.json (a model directory works).")
    Path tokenizer;

    @Option(names = "--ids", required = true, paramLabel = "CSV")
    String ids;

    @Option(names = "--skip-special-tokens", description = "Leave special tokens (BOS, EOS, ...) out of the text.")
    boolean skipSpecial;

    @Override
    public Integer call() {
        Tokenizer tok = Tokenizer.load(tokenizer);
        int[] parsed = IdList.parse(ids);
        for (int id : parsed) {
            if (id < 0 || id >= tok.vocabSize()) throw new IllegalArgumentException("--ids: token id " + id + " is outside the vocabulary 0.." + (tok.vocabSize() - 1));
        }
        String text = tok.decode(parsed, skipSpecial);
        PrintWriter out = spec.commandLine().getOut();
        if (common.json) Json.print(out, Map.of("text", text));
        else {
            out.println(text);
            out.flush();
        }
        return 0;
    }
}
