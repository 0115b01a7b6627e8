package dev.lancet.cli;

import dev.lancet.runtime.config.ModelConfig;
import dev.lancet.runtime.model.LlamaModel;
import dev.lancet.runtime.safetensors.TensorInfo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;

@Command(name = "inspect", description = "Architecture, parameter count, dtypes, bytes and the tensor table of a model.")
final class InspectCommand implements Callable<Integer> {
    @Mixin
    ModelOptions modelOptions;
    @Mixin
    CommonOptions common;
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        try (LlamaModel model = modelOptions.load()) {
            ModelConfig c = model.config();
            Map<String, Long> bytesByDtype = new TreeMap<>();
            List<Map<String, Object>> tensors = new ArrayList<>();
            long totalBytes = 0;
            for (TensorInfo t : model.checkpoint().tensors().values()) {
                bytesByDtype.merge(t.dtype().name(), t.byteLength(), Long::sum);
                totalBytes += t.byteLength();
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("name", t.name());
                row.put("dtype", t.dtype().name());
                row.put("shape", t.shape());
                row.put("bytes", t.byteLength());
                tensors.add(row);
            }
            PrintWriter out = spec.commandLine().getOut();
            if (common.json) {
                Map<String, Object> o = new LinkedHashMap<>();
                o.put("model", modelOptions.modelDir().toString());
                o.put("architecture", c.architecture());
                o.put("config", Json.MAPPER.convertValue(c.toJson(), Map.class));
                o.put("parameters", model.parameterCount());
                o.put("bytes", totalBytes);
                o.put("bytes_by_dtype", bytesByDtype);
                o.put("weight_bytes_per_token", model.weightBytesPerToken());
                o.put("tensors", tensors);
                Json.print(out, o);
                return 0;
            }
            out.printf("model          %s%n", modelOptions.modelDir());
            out.printf("architecture   %s%n", c.architecture());
            out.printf("layers         %d   hidden %d   intermediate %d   heads %d (kv %d, head_dim %d)%n",
                    c.numLayers(), c.hiddenSize(), c.intermediateSize(), c.numHeads(), c.numKvHeads(), c.headDim());
            out.printf("vocab          %d   context %d   rope_theta %s   rope_scaling %s   tied embeddings %s   qkv bias %s%n",
                    c.vocabSize(), c.maxPositionEmbeddings(), c.ropeTheta(), c.ropeScaling().type(), c.tieWordEmbeddings(), c.attentionBias());
            out.printf("parameters     %,d%n", model.parameterCount());
            out.printf("bytes          %,d %s%n", totalBytes, bytesByDtype);
            out.printf("%n%-52s %-5s %-16s %12s%n", "tensor", "dtype", "shape", "bytes");
            for (Map<String, Object> t : tensors) {
                out.printf("%-52s %-5s %-16s %,12d%n", t.get("name"), t.get("dtype"),
                        java.util.Arrays.toString((long[]) t.get("shape")), (Long) t.get("bytes"));
            }
            out.flush();
            return 0;
        }
    }
}
