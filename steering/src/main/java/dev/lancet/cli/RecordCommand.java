package dev.lancet.cli;

import dev.lancet.runtime.LancetException;
import dev.lancet.runtime.edit.Site;
import dev.lancet.runtime.model.LlamaModel;
import dev.lancet.steering.edit.EditPlan;
import dev.lancet.steering.edit.Layers;
import dev.lancet.steering.edit.Positions;
import dev.lancet.steering.progress.ProgressBar;
import dev.lancet.steering.record.ActivationRecording;
import dev.lancet.steering.record.ActivationStats;
import dev.lancet.steering.record.RawShardWriter;
import dev.lancet.steering.record.RecordSpec;
import dev.lancet.steering.record.StatsKey;
import dev.lancet.tokenizer.Tokenizer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "record", description = {
        "Record per-neuron activation statistics (count, mean, M2, min, max) over a prompts file, or merge statistics files.",
        "  lancet record --model DIR --site mlp.neurons --layers all --prompts FILE [--positions ...] --out stats.safetensors",
        "  lancet record --merge a.safetensors b.safetensors --out c.safetensors"})
final class RecordCommand implements Callable<Integer> {
    @Mixin
    ModelOptions modelOptions;
    @Mixin
    CommonOptions common;
    @Spec
    CommandSpec spec;

    @Option(names = "--site", paramLabel = "SITE", split = ",",
            description = "Sites to record: mlp.neurons (default), mlp.gate, mlp.up, mlp.out, attn.out, residual; repeatable or comma-separated.")
    List<String> sites = new ArrayList<>();

    @Option(names = "--layers", paramLabel = "LAYERS", defaultValue = "all", description = "all (default), 1-3 or 0,2,4.")
    String layers;

    @Option(names = "--prompts", paramLabel = "FILE", description = "One prompt per line, or JSONL with \"text\" (or \"ids\") per line.")
    Path prompts;

    @Option(names = "--positions", paramLabel = "SEL", defaultValue = "all", description = "Positions recorded: all (default), 0,1,2 or from:N (absolute, 0-based).")
    String positions;

    @Option(names = "--edits", paramLabel = "FILE", description = "Record with this edit plan applied.")
    Path edits;

    @Option(names = "--raw-out", paramLabel = "DIR", description = "Also write raw activations into safetensors shards DIR/raw-NNNNN.safetensors.")
    Path rawOut;

    @Option(names = "--raw-positions", paramLabel = "SEL", description = "Positions whose raw activations are written (default: --positions).")
    String rawPositions;

    @Option(names = "--shard-rows", paramLabel = "N", defaultValue = "1024", description = "Rows (tokens) per raw shard (default: ${DEFAULT-VALUE}).")
    int shardRows;

    @Option(names = "--merge", paramLabel = "FILE", arity = "2..*", description = "Merge these statistics files (in order) instead of recording.")
    List<Path> merge;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "Statistics file to write (safetensors).")
    Path out;

    @Option(names = "--no-progress", description = "No progress bar on stderr.")
    boolean noProgress;

    @Override
    public Integer call() {
        return merge != null ? merge() : record();
    }

    private int merge() {
        if (prompts != null) throw new IllegalArgumentException("--merge and --prompts cannot be combined");
        ActivationStats merged = ActivationStats.mergeFiles(merge);
        merged.write(out);
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("out", out.toString());
        o.put("merged", merge.stream().map(Path::toString).toList());
        o.put("blocks", merged.keys().size());
        StatsKey first = merged.keys().getFirst();
        o.put("count", merged.get(first.site(), first.layer()).count());
        report(o, "merged " + merge.size() + " files (" + o.get("count") + " tokens per neuron) into " + out);
        return 0;
    }

    private int record() {
        if (prompts == null) throw new IllegalArgumentException("record needs --prompts FILE (or --merge FILES)");
        List<Site> siteList = new ArrayList<>();
        for (String s : sites.isEmpty() ? List.of("mlp.neurons") : sites) siteList.add(Site.parse(s.trim()));
        Layers layerSel = selector("--layers", () -> Layers.parse(layers));
        Positions pos = selector("--positions", () -> Positions.parse(positions));
        Positions raw = rawOut == null ? null : rawPositions == null ? pos : selector("--raw-positions", () -> Positions.parse(rawPositions));
        if (rawOut == null && rawPositions != null) throw new IllegalArgumentException("--raw-positions needs --raw-out DIR");
        try (LlamaModel model = modelOptions.load()) {
            Tokenizer tokenizer = TokenizerLookup.forModel(modelOptions.modelDir()).orElse(null);
            List<int[]> ids = PromptFile.read(prompts, tokenizer);
            List<ActivationRecording.Example> examples = new ArrayList<>();
            int vocab = model.config().vocabSize();
            for (int i = 0; i < ids.size(); i++) {
                for (int t : ids.get(i)) {
                    if (t >= vocab) throw new LancetException(prompts + ": prompt " + (i + 1) + " has token id " + t + ", outside the vocabulary 0.." + (vocab - 1));
                }
                examples.add(new ActivationRecording.Example(ids.get(i), null));
            }
            EditPlan plan = edits == null ? EditPlan.empty() : EditPlan.read(edits);
            RecordSpec rs = new RecordSpec(siteList, layerSel, pos, raw, plan);
            RawShardWriter shards = null;
            ActivationRecording.Result result;
            try (ProgressBar bar = ProgressBar.forStderr("record", examples.size(), !noProgress)) {
                if (rawOut != null) {
                    // The recorder fixes block order (sites outer, layers inner) and widths; mirror it for the shards.
                    int[] resolved = layerSel.resolve(model.config().numLayers());
                    List<StatsKey> keys = new ArrayList<>();
                    List<Integer> widths = new ArrayList<>();
                    for (Site s : siteList) {
                        for (int l : resolved) {
                            keys.add(new StatsKey(s, l));
                            widths.add(s.isNeuronSite() ? model.config().intermediateSize() : model.config().hiddenSize());
                        }
                    }
                    shards = new RawShardWriter(rawOut, shardRows, keys, widths.stream().mapToInt(Integer::intValue).toArray());
                }
                result = ActivationRecording.run(model, examples, rs, common.threadCount(), false, shards, (done, total) -> bar.step());
                if (shards != null) shards.close();
            }
            if (result.tokens() == 0) throw new LancetException("--positions " + pos + " selected no token in " + prompts + "; nothing was recorded");
            ActivationStats stats = result.stats();
            stats.putMetadata("model", modelOptions.modelDir().toString())
                    .putMetadata("prompts", prompts.toString())
                    .putMetadata("examples", Integer.toString(examples.size()))
                    .putMetadata("positions", pos.toString());
            if (edits != null) stats.putMetadata("edits", edits.toString());
            stats.write(out);
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("out", out.toString());
            o.put("examples", examples.size());
            o.put("tokens", result.tokens());
            o.put("sites", siteList.stream().map(Site::id).toList());
            o.put("layers", layerSel.resolve(model.config().numLayers()));
            if (shards != null) o.put("raw_shards", shards.files().stream().map(Path::toString).toList());
            report(o, "recorded " + result.tokens() + " tokens from " + examples.size() + " prompts into " + out
                    + (shards == null ? "" : " (" + shards.files().size() + " raw shards in " + rawOut + ")"));
            return 0;
        }
    }

    private void report(Map<String, Object> json, String line) {
        PrintWriter w = spec.commandLine().getOut();
        if (common.json) {
            Json.print(w, json);
        } else {
            w.println(line);
            w.flush();
        }
    }

    private static <T> T selector(String option, java.util.function.Supplier<T> parse) {
        try {
            return parse.get();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(option + ": " + e.getMessage());
        }
    }
}
