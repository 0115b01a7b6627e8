package dev.lancet.cli;

import dev.lancet.runtime.LancetException;
import dev.lancet.runtime.gguf.ControlVector;
import dev.lancet.steering.edit.EditPlan;
import dev.lancet.steering.values.LocatedNeurons;
import dev.lancet.steering.values.SchwartzValue;
import dev.lancet.steering.values.pipeline.CaaVectors;
import dev.lancet.steering.values.pipeline.SteeringPlans;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "steer", description = "Turn located neurons (or the CAA baseline) into an edit plan for generate --edits.")
final class ValuesSteerCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;
    @Spec
    CommandSpec spec;

    @Option(names = "--target", required = true, paramLabel = "VALUE", description = "Schwartz value to steer toward, e.g. benevolence.")
    String target;

    @Option(names = "--method", defaultValue = "neurons", paramLabel = "neurons|caa", description = "Neuron editing (default) or the CAA baseline.")
    String method;

    @Option(names = "--neurons", paramLabel = "neurons.json", description = "Located neurons (method neurons).")
    Path neurons;

    @Option(names = "--caa", paramLabel = "caa.json", description = "CAA vectors (method caa).")
    Path caa;

    @Option(names = {"--alpha", "--strength"}, defaultValue = "1.0", paramLabel = "A",
            description = "neurons: h = mean_pos + A * std_pos (steer) or h *= A (scale); caa: the coefficient.")
    double alpha;

    @Option(names = "--neuron-mode", defaultValue = "steer", paramLabel = "steer|scale")
    String neuronMode;

    @Option(names = "--out", required = true, paramLabel = "plan.json", description = "Edit plan to write.")
    Path out;

    @Option(names = "--control-vector-out", paramLabel = "cv.gguf", description = "Method caa: also export as a llama.cpp GGUF control vector.")
    Path controlVectorOut;

    @Override
    public Integer call() throws IOException {
        SchwartzValue v = SchwartzValue.parse(target);
        EditPlan plan;
        switch (method) {
            case "neurons" -> {
                if (neurons == null) throw new LancetException("--method neurons needs --neurons neurons.json");
                plan = SteeringPlans.neurons(LocatedNeurons.read(neurons), v, alpha, SteeringPlans.NeuronMode.parse(neuronMode));
            }
            case "caa" -> {
                if (caa == null) throw new LancetException("--method caa needs --caa caa.json");
                CaaVectors vectors = CaaVectors.read(caa);
                plan = SteeringPlans.caa(vectors, v, alpha);
                if (controlVectorOut != null) {
                    if (vectors.layer() == 0) throw new LancetException("a GGUF control vector cannot hold layer 0 (llama.cpp never uses direction.0); locate with --caa-layer >= 1");
                    float[] vec = vectors.vector(v).clone();
                    for (int i = 0; i < vec.length; i++) vec[i] *= (float) alpha;
                    new ControlVector(Map.of(vectors.layer(), vec), "llama", "lancet values steer").write(controlVectorOut);
                }
            }
            default -> throw new LancetException("--method must be neurons or caa, got '" + method + "'");
        }
        Path parent = out.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path tmp = Files.createTempFile(parent, ".plan", ".tmp");
        Files.writeString(tmp, plan.toJson());
        Files.move(tmp, out, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        if (common.json) Json.print(spec.commandLine().getOut(), Map.of("plan", out.toString(), "edits", plan.size()));
        else {
            spec.commandLine().getOut().printf("wrote %d edits to %s%n", plan.size(), out);
            spec.commandLine().getOut().flush();
        }
        return 0;
    }
}
