package dev.lancet.cli;

import dev.lancet.runtime.gguf.ControlVector;
import dev.lancet.runtime.gguf.ControlVectorSpec;
import dev.lancet.runtime.model.LlamaModel;
import dev.lancet.steering.edit.ControlVectorPlans;
import dev.lancet.steering.edit.EditPlan;
import dev.lancet.steering.edit.trace.TraceReport;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The edit flags shared by logits, generate and chat: {@code --edits FILE} (the JSON edit contract),
 * {@code --control-vector FILE[:scale]} (llama.cpp GGUF, repeatable, summed, applied after the --edits plan),
 * {@code --trace} and {@code --trace-top K}. Mixed in with {@code @Mixin EditOptions edits;}.
 */
public final class EditOptions {
    @Option(names = "--edits", paramLabel = "FILE", description = "Edit plan (JSON: {\"edits\": [...]}) applied to every token.")
    public Path edits;

    @Option(names = "--control-vector", paramLabel = "FILE[:scale]",
            description = "llama.cpp control vector (GGUF) added to the residual stream; repeatable, vectors are summed.")
    public List<String> controlVectors = new ArrayList<>();

    @Option(names = "--trace", description = "Show each edit's changed neurons, delta_h, its exact residual change and the logit change against an unedited run.")
    public boolean trace;

    @Option(names = "--trace-top", paramLabel = "K", defaultValue = "5", description = "Tokens listed per direction in the logit change of --trace (default: ${DEFAULT-VALUE}).")
    public int traceTop = TraceReport.DEFAULT_TOP_K;

    /** True when an edit plan or control vector was given. */
    public boolean active() {
        return edits != null || !controlVectors.isEmpty();
    }

    /**
     * The --edits plan followed by the summed control vectors, checked against {@code model} (every error names
     * the edit index and field), or null when neither flag was given.
     */
    public EditPlan plan(LlamaModel model) {
        if (trace && !active()) throw new IllegalArgumentException("--trace needs --edits or --control-vector");
        if (traceTop < 1) throw new IllegalArgumentException("--trace-top must be >= 1, got " + traceTop);
        if (!active()) return null;
        EditPlan plan = edits == null ? EditPlan.empty() : EditPlan.read(edits);
        if (!controlVectors.isEmpty()) {
            List<ControlVectorSpec> specs = new ArrayList<>();
            for (String s : controlVectors) specs.add(ControlVectorSpec.parse(s));
            ControlVector cv = ControlVectorSpec.loadAll(specs);
            cv.validateFor(model.config().hiddenSize(), model.config().numLayers());
            plan = plan.concat(ControlVectorPlans.toPlan(cv));
        }
        plan.validate(model);
        return plan;
    }
}
