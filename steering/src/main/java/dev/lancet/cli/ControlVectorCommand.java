package dev.lancet.cli;

import dev.lancet.runtime.gguf.ControlVector;
import dev.lancet.runtime.gguf.ControlVectorSpec;
import dev.lancet.runtime.model.LlamaModel;
import dev.lancet.steering.edit.ControlVectorPlans;
import dev.lancet.steering.edit.EditPlan;
import dev.lancet.steering.edit.EditPlanJson;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * llama.cpp control vectors (GGUF) to and from edit plans. {@code direction.N} is a residual {@code add} at layer N
 * with coefficient 1; see {@link ControlVectorPlans}.
 */
@Command(name = "control-vector", description = "Convert between llama.cpp control vectors (GGUF) and edit plans (JSON).",
        subcommands = {ControlVectorCommand.Export.class, ControlVectorCommand.Import.class})
final class ControlVectorCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        throw new CommandLine.ParameterException(spec.commandLine(), "control-vector needs a subcommand: export or import");
    }

    @Command(name = "export", description = "Write an edit plan's residual adds as a GGUF control vector (layers >= 1, every position, no schedule).")
    static final class Export implements Callable<Integer> {
        @Mixin
        CommonOptions common;
        @Spec
        CommandSpec spec;
        @Option(names = "--edits", required = true, paramLabel = "FILE", description = "Edit plan (JSON) of residual 'add' edits.")
        Path edits;
        @Option(names = "--out", required = true, paramLabel = "FILE", description = "Control vector file to write (GGUF).")
        Path out;
        @Option(names = "--model", paramLabel = "DIR", description = "Check the plan against this model (and resolve \"all\" or ranges of layers).")
        Path model;
        @Option(names = "--model-hint", paramLabel = "NAME", defaultValue = "llama", description = "controlvector.model_hint (default: ${DEFAULT-VALUE}).")
        String modelHint;

        @Override
        public Integer call() {
            EditPlan plan = EditPlan.read(edits);
            ControlVector cv;
            if (model != null) {
                try (LlamaModel m = LlamaModel.load(model)) {
                    plan.validate(m);
                    cv = ControlVectorPlans.toControlVector(plan, m.config().numLayers(), modelHint);
                    cv.validateFor(m.config().hiddenSize(), m.config().numLayers());
                }
            } else {
                cv = ControlVectorPlans.toControlVector(plan, -1, modelHint);
            }
            cv.write(out);
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("out", out.toString());
            o.put("layers", cv.layers());
            o.put("hidden_size", cv.hiddenSize());
            print(spec, common, o, "wrote control vector " + out + ": layers " + cv.layers() + ", hidden size " + cv.hiddenSize());
            return 0;
        }
    }

    @Command(name = "import", description = "Write a GGUF control vector (times its scale) as an edit plan of residual adds.")
    static final class Import implements Callable<Integer> {
        @Mixin
        CommonOptions common;
        @Spec
        CommandSpec spec;
        @Option(names = "--in", required = true, paramLabel = "FILE[:scale]", description = "Control vector (GGUF), optionally scaled.")
        String in;
        @Option(names = "--out", required = true, paramLabel = "FILE", description = "Edit plan to write (JSON).")
        Path out;
        @Option(names = "--model", paramLabel = "DIR", description = "Check the vector against this model (hidden size, layer count).")
        Path model;

        @Override
        public Integer call() {
            ControlVector cv = ControlVectorSpec.parse(in).load();
            EditPlan plan = ControlVectorPlans.toPlan(cv);
            if (model != null) {
                try (LlamaModel m = LlamaModel.load(model)) {
                    cv.validateFor(m.config().hiddenSize(), m.config().numLayers());
                    plan.validate(m);
                }
            }
            EditPlanJson.write(plan, out);
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("out", out.toString());
            o.put("layers", cv.layers());
            o.put("hidden_size", cv.hiddenSize());
            o.put("edits", plan.size());
            print(spec, common, o, "wrote edit plan " + out + ": " + plan.size() + " residual adds at layers " + cv.layers());
            return 0;
        }
    }

    private static void print(CommandSpec spec, CommonOptions common, Map<String, Object> json, String line) {
        PrintWriter w = spec.commandLine().getOut();
        if (common.json) {
            Json.print(w, json);
        } else {
            w.println(line);
            w.flush();
        }
    }
}
