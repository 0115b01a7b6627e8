package dev.lancet.cli;

import dev.lancet.tokenizer.Tokenizer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "tokenize", description = "Encode text with a tokenizer.json: prints {\"ids\":[...]} with --json.")
final class TokenizeCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;
    @Spec
    CommandSpec spec;

    @Option(names = "--tokenizer", required = true, paramLabel = "DIR", description = "Directory with tokenizer.json (a model directory works).")
    Path tokenizer;

    @Option(names = "--add-special-tokens", description = "Add BOS/EOS as the tokenizer's post-processor says.")
    boolean addSpecial;

    @Parameters(index = "0", paramLabel = "TEXT")
    String text;

    @Override
    public Integer call() {
        int[] ids = Tokenizer.load(tokenizer).encode(text, addSpecial);
        PrintWriter out = spec.commandLine().getOut();
        if (common.json) {
            Json.print(out, Map.of("ids", ids));
        } else {
            StringBuilder sb = new StringBuilder();
            for (int id : ids) sb.append(sb.isEmpty() ? "" : ",").append(id);
            out.println(sb);
            out.flush();
        }
        return 0;
    }
}
