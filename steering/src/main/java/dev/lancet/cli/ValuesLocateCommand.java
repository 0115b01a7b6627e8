package dev.lancet.cli;

import dev.lancet.runtime.LancetException;
import dev.lancet.runtime.model.LlamaModel;
import dev.lancet.steering.values.SchwartzValue;
import dev.lancet.steering.values.UnitClass;
import dev.lancet.steering.values.ValueDialogues;
import dev.lancet.steering.values.pipeline.TextEncoder;
import dev.lancet.steering.values.pipeline.ValueLocator;
import dev.lancet.tokenizer.Tokenizer;
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

@Command(name = "locate", description = "Locate value-relevant MLP neurons and write neurons.json (and the CAA baseline vectors).")
final class ValuesLocateCommand implements Callable<Integer> {
    @Mixin
    ModelOptions modelOptions;
    @Mixin
    CommonOptions common;
    @Mixin
    ValuesDataOptions dataOptions;
    @Spec
    CommandSpec spec;

    @Option(names = "--out", paramLabel = "neurons.json", defaultValue = "neurons.json", description = "Where to write the located neurons.")
    Path out;

    @Option(names = "--caa-out", paramLabel = "caa.json", description = "Also write the CAA vectors here (default: beside --out as caa.json).")
    Path caaOut;

    @Option(names = "--exclude-utility", description = "Drop utility-critical and complex units (needs --general).")
    boolean excludeUtility;

    @Override
    public Integer call() {
        try (LlamaModel model = modelOptions.load()) {
            Tokenizer tok = ValuesDataOptions.tokenizer(modelOptions.modelDir(), "values locate");
            ValueDialogues data = dataOptions.loadData();
            long t0 = System.nanoTime();
            ValueLocator.Result r = ValueLocator.locate(model, new TextEncoder(tok, dataOptions.maxTokens), data,
                    dataOptions.generalLines(), dataOptions.locateOptions(), common.threadCount(), true, System.err);
            var neurons = r.neurons();
            if (excludeUtility) {
                if (r.unitClasses() == null) throw new LancetException("--exclude-utility needs --general FILE");
                neurons = neurons.excluding(r.unitClasses());
            }
            neurons.write(out);
            Path caaPath = caaOut != null ? caaOut : out.toAbsolutePath().resolveSibling("caa.json");
            r.caa().write(caaPath);
            double seconds = (System.nanoTime() - t0) / 1e9;
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("neurons_file", out.toString());
            o.put("caa_file", caaPath.toString());
            o.put("texts", r.texts());
            o.put("seconds", seconds);
            Map<String, Integer> perValue = new LinkedHashMap<>();
            for (SchwartzValue v : SchwartzValue.values()) perValue.put(v.label(), neurons.neurons(v) == null ? 0 : neurons.neurons(v).size());
            o.put("neurons_per_value", perValue);
            o.put("neurons_per_layer", neurons.countsPerLayer());
            o.put("skipped_values", r.skipped().stream().map(SchwartzValue::label).toList());
            if (r.unitClasses() != null) {
                Map<String, int[]> uc = new LinkedHashMap<>();
                for (Map.Entry<UnitClass, int[]> e : r.unitClasses().perClass().entrySet()) uc.put(e.getKey().toString(), e.getValue());
                o.put("unit_classes_per_layer", uc);
            }
            PrintWriter pw = spec.commandLine().getOut();
            if (common.json) Json.print(pw, o);
            else {
                pw.printf("located %s neurons over %d texts in %.1f s -> %s (CAA vectors: %s)%n", perValue, r.texts(), seconds, out, caaPath);
                pw.flush();
            }
            return 0;
        }
    }
}
