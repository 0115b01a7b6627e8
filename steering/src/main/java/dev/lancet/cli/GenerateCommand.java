package dev.lancet.cli;

import dev.lancet.runtime.LancetException;
import dev.lancet.runtime.edit.EditStages;
import dev.lancet.runtime.forward.Session;
import dev.lancet.runtime.generate.Generator;
import dev.lancet.runtime.model.LlamaModel;
import dev.lancet.steering.edit.EditPlan;
import dev.lancet.steering.edit.trace.EditTrace;
import dev.lancet.steering.edit.trace.LogitsCapture;
import dev.lancet.steering.edit.trace.TraceReport;
import dev.lancet.tokenizer.StreamingDecoder;
import dev.lancet.tokenizer.Tokenizer;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "generate", description = "Continue a prompt (text or token ids), streaming the text as it is generated.")
final class GenerateCommand implements Callable<Integer> {
    @Mixin
    ModelOptions modelOptions;
    @Mixin
    CommonOptions common;
    @Mixin
    KvCacheOptions kvCache;
    @Mixin
    SamplingOptions sampling;
    @Mixin
    EditOptions editOptions;
    @Spec
    CommandSpec spec;

    static final class Input {
        @Option(names = "--ids", paramLabel = "CSV", description = "Prompt as token ids, e.g. 1,403.")
        String ids;
        @Option(names = "--prompt", paramLabel = "TEXT", description = "Prompt text, encoded with the model's tokenizer (BOS added as the tokenizer says).")
        String prompt;
    }

    @ArgGroup(exclusive = true, multiplicity = "0..1")
    Input input;

    @Option(names = "--max-tokens", paramLabel = "N", defaultValue = "128", description = "Tokens to generate (default: ${DEFAULT-VALUE}).")
    int maxTokens;

    @Option(names = "--no-stop", description = "Do not stop at the end-of-sequence token.")
    boolean noStop;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try (LlamaModel model = modelOptions.load()) {
            Tokenizer tokenizer = TokenizerLookup.forModel(modelOptions.modelDir()).orElse(null);
            int[] prompt = promptIds(model, tokenizer);
            int needed = prompt.length + maxTokens;
            if (maxTokens < 0) throw new LancetException("--max-tokens must be >= 0, got " + maxTokens);
            if (needed > model.config().maxPositionEmbeddings()) {
                throw new LancetException("--max-tokens " + maxTokens + " plus the " + prompt.length + "-token prompt exceeds the context length "
                        + model.config().maxPositionEmbeddings());
            }
            int[] stops = noStop ? new int[0] : model.config().eosTokenIds();
            EditPlan plan = editOptions.plan(model);
            try (Session session = Session.open(model, common.threadCount(), needed, kvCache.precision())) {
                EditTrace trace = plan != null && editOptions.trace ? new EditTrace() : null;
                LogitsCapture capture = trace != null ? new LogitsCapture() : null;
                if (plan != null) {
                    session.setEditStage(trace == null ? plan.bind(model) : EditStages.chain(List.of(plan.bind(model, trace), capture)));
                }
                StreamingDecoder stream = tokenizer == null || common.json ? null : tokenizer.newStreamingDecoder(true);
                if (stream != null && input != null && input.prompt != null) {
                    out.print(input.prompt);
                    out.flush();
                }
                long t0 = System.nanoTime();
                int[] generated = Generator.generate(session, prompt, maxTokens, sampling.config(), stops, token -> {
                    if (common.json) return;
                    if (stream != null) out.print(stream.accept(token));
                    else out.print(token + " ");
                    out.flush();
                });
                double seconds = (System.nanoTime() - t0) / 1e9;
                TraceReport report = trace == null ? null : traceReport(session, trace, capture, prompt, generated);
                if (common.json) {
                    Map<String, Object> o = new LinkedHashMap<>();
                    o.put("ids", generated);
                    if (tokenizer != null) o.put("text", tokenizer.decode(generated, true));
                    if (report != null) o.put("trace", report.toJson());
                    Json.print(out, o);
                } else {
                    if (stream != null) out.print(stream.finish());
                    out.println();
                    out.flush();
                    if (report != null) report.printText(out);
                }
                if (common.verbose) {
                    spec.commandLine().getErr().printf("lancet: %d prompt + %d generated tokens in %.3f s (%.1f tokens/s)%n",
                            prompt.length, generated.length, seconds, (prompt.length + generated.length) / seconds);
                }
            }
            return 0;
        }
    }

    /**
     * Compares the logits of the edited generation (captured per fed token) with an unedited run of the same fed
     * tokens (the prompt and every generated token but the last), from the last prompt position on.
     */
    private TraceReport traceReport(Session session, EditTrace trace, LogitsCapture capture, int[] prompt, int[] generated) {
        int fedGenerated = Math.max(0, generated.length - 1);
        int[] fed = Arrays.copyOf(prompt, prompt.length + fedGenerated);
        System.arraycopy(generated, 0, fed, prompt.length, fedGenerated);
        List<float[]> rows = capture.rows();
        if (rows.size() != fed.length) return new TraceReport(trace.entries(), List.of());
        float[][] edited = rows.toArray(float[][]::new);
        session.setEditStage(null);
        float[][] unedited = session.logitsAtEveryPosition(fed);
        return TraceReport.build(trace, fed, edited, unedited, prompt.length - 1, editOptions.traceTop);
    }

    private int[] promptIds(LlamaModel model, Tokenizer tokenizer) {
        if (input != null && input.ids != null) return IdList.parse(input.ids);
        if (input != null && input.prompt != null) {
            if (tokenizer == null) throw new LancetException(modelOptions.modelDir() + ": --prompt needs a tokenizer.json; pass --ids instead");
            int[] ids = tokenizer.encode(input.prompt, true);
            if (ids.length == 0) throw new LancetException("--prompt encodes to no tokens");
            return ids;
        }
        int bos = model.config().bosTokenId();
        if (bos < 0) throw new LancetException("no prompt given and the model has no bos_token_id; pass --prompt or --ids");
        return new int[]{bos};
    }
}
