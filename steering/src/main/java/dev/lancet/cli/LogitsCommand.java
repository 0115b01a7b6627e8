package dev.lancet.cli;

import dev.lancet.runtime.forward.Session;
import dev.lancet.runtime.model.LlamaModel;
import dev.lancet.steering.edit.EditPlan;
import dev.lancet.steering.edit.trace.TraceReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "logits", description = "Logits for a token sequence: the last position, or every position.")
final class LogitsCommand implements Callable<Integer> {
    @Mixin
    ModelOptions modelOptions;
    @Mixin
    CommonOptions common;
    @Mixin
    KvCacheOptions kvCache;
    @Mixin
    EditOptions editOptions;
    @Spec
    CommandSpec spec;

    @Option(names = "--ids", required = true, paramLabel = "CSV", description = "Token ids, e.g. 1,5,9.")
    String ids;

    @Option(names = "--all-positions", description = "One row of logits per position (default: last position only).")
    boolean allPositions;

    @Override
    public Integer call() {
        int[] tokens = IdList.parse(ids);
        if (tokens.length == 0) throw new IllegalArgumentException("--ids is empty");
        try (LlamaModel model = modelOptions.load();
             Session session = Session.open(model, common.threadCount(), Math.min(model.config().maxPositionEmbeddings(), Math.max(tokens.length, 1)), kvCache.precision())) {
            EditPlan plan = editOptions.plan(model);
            float[][] rows;
            TraceReport trace = null;
            if (plan != null && editOptions.trace) {
                TraceReport.Traced t = TraceReport.run(session, plan, tokens, allPositions ? 0 : tokens.length - 1, editOptions.traceTop);
                rows = t.editedLogits();
                trace = t.report();
            } else {
                if (plan != null) session.setEditStage(plan.bind(model));
                rows = session.logitsAtEveryPosition(tokens);
            }
            float[][] shown = allPositions ? rows : new float[][]{rows[rows.length - 1]};
            PrintWriter out = spec.commandLine().getOut();
            if (common.json) {
                Map<String, Object> o = new LinkedHashMap<>();
                o.put("ids", tokens);
                o.put("logits", shown);
                if (trace != null) o.put("trace", trace.toJson());
                Json.print(out, o);
            } else {
                int first = allPositions ? 0 : rows.length - 1;
                for (int i = 0; i < shown.length; i++) {
                    float[] r = shown[i];
                    int best = dev.lancet.runtime.sampling.Sampler.argmax(r);
                    out.printf("position %d (id %d): argmax %d logit %.6f%n", first + i, tokens[first + i], best, r[best]);
                }
                if (trace != null) trace.printText(out);
                out.flush();
            }
            return 0;
        }
    }
}
