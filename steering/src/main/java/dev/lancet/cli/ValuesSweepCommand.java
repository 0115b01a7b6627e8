package dev.lancet.cli;

import dev.lancet.runtime.model.LlamaModel;
import dev.lancet.steering.values.PvqItem;
import dev.lancet.steering.values.PvqItems;
import dev.lancet.steering.values.ReportOptions;
import dev.lancet.steering.values.SchwartzValue;
import dev.lancet.steering.values.SweepPoint;
import dev.lancet.steering.values.SweepResult;
import dev.lancet.steering.values.ValueDialogues;
import dev.lancet.steering.values.ValueReport;
import dev.lancet.steering.values.pipeline.EvaluationOptions;
import dev.lancet.steering.values.pipeline.SteeringPlans;
import dev.lancet.steering.values.pipeline.TextEncoder;
import dev.lancet.steering.values.pipeline.ValueEvaluator;
import dev.lancet.steering.values.pipeline.ValueLocator;
import dev.lancet.steering.values.pipeline.ValueSweep;
import dev.lancet.tokenizer.Tokenizer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "sweep", description = "Locate, then steer toward each target by neuron editing and by CAA over strengths; "
        + "measure value change, leakage and capability cost; write sweep.json and the HTML report.")
final class ValuesSweepCommand implements Callable<Integer> {
    @Mixin
    ModelOptions modelOptions;
    @Mixin
    CommonOptions common;
    @Mixin
    ValuesDataOptions dataOptions;
    @Spec
    CommandSpec spec;

    @Option(names = "--pvq", paramLabel = "FILE.csv", description = "Questionnaire items (columns of pvq40_items.csv); needed by --measure pvq.")
    Path pvq;

    @Option(names = "--measure", defaultValue = "pvq", paramLabel = "pvq|preference", description = "Value expression measure (default ${DEFAULT-VALUE}).")
    String measure;

    @Option(names = "--targets", split = ",", paramLabel = "VALUE[,VALUE...]", description = "Targets (default: all located values).")
    List<String> targets;

    @Option(names = "--neuron-strengths", split = ",", defaultValue = "0,1,2", paramLabel = "A,...",
            description = "alpha for neuron editing (default ${DEFAULT-VALUE}).")
    List<Double> neuronStrengths;

    @Option(names = "--caa-strengths", split = ",", defaultValue = "1,2,4", paramLabel = "C,...",
            description = "Coefficients for CAA (default ${DEFAULT-VALUE}).")
    List<Double> caaStrengths;

    @Option(names = "--neuron-mode", defaultValue = "steer", paramLabel = "steer|scale")
    String neuronMode;

    @Option(names = "--no-chat-template", description = "Ask PVQ items as plain text even if the model has a chat template.")
    boolean noChatTemplate;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output directory (neurons.json, caa.json, sweep.json, report.html, CSV).")
    Path out;

    @Override
    public Integer call() {
        try (LlamaModel model = modelOptions.load()) {
            Tokenizer tok = ValuesDataOptions.tokenizer(modelOptions.modelDir(), "values sweep");
            ValueDialogues data = dataOptions.loadData();
            List<String> general = dataOptions.generalLines();
            List<PvqItem> items = pvq == null ? null : PvqItems.load(pvq).items();
            long t0 = System.nanoTime();
            TextEncoder encoder = new TextEncoder(tok, dataOptions.maxTokens);
            ValueLocator.Result located = ValueLocator.locate(model, encoder, data, general, dataOptions.locateOptions(),
                    common.threadCount(), true, System.err);
            double locateSeconds = (System.nanoTime() - t0) / 1e9;
            located.neurons().write(out.resolve("neurons.json"));
            located.caa().write(out.resolve("caa.json"));

            List<SchwartzValue> chosen = new ArrayList<>();
            if (targets == null) {
                for (SchwartzValue v : SchwartzValue.values()) {
                    if (located.neurons().neurons(v) != null && !located.neurons().neurons(v).isEmpty()) chosen.add(v);
                }
            } else {
                for (String t : targets) chosen.add(SchwartzValue.parse(t));
            }
            Map<String, List<Double>> strengths = new LinkedHashMap<>();
            strengths.put(ValueSweep.NEURONS, neuronStrengths);
            strengths.put(ValueSweep.CAA, caaStrengths);
            EvaluationOptions eo = EvaluationOptions.defaults().withMeasure(measure);
            eo = new EvaluationOptions(eo.measure(), !noChatTemplate, eo.textsPerClass(), dataOptions.maxTokens, eo.neutralPrompts(), eo.neutralTokens(), eo.greedyTokens());
            long t1 = System.nanoTime();
            SweepResult result;
            try (ValueEvaluator eval = new ValueEvaluator(model, encoder, items, data, general, eo, common.threadCount())) {
                result = ValueSweep.run(eval, located.neurons(), located.caa(), located.unitClasses(), chosen, strengths,
                        SteeringPlans.NeuronMode.parse(neuronMode), modelOptions.modelDir().getFileName().toString(), measure, true);
            }
            double sweepSeconds = (System.nanoTime() - t1) / 1e9;
            List<Path> files = ValueReport.write(result, ReportOptions.defaults(), out);
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("out", out.toString());
            o.put("files", files.stream().map(Path::toString).toList());
            o.put("locate_seconds", locateSeconds);
            o.put("sweep_seconds", sweepSeconds);
            o.put("points", result.points().size());
            o.put("summary", summary(result));
            if (common.json) Json.print(spec.commandLine().getOut(), o);
            else {
                var pw = spec.commandLine().getOut();
                pw.printf("sweep: %d points, locate %.1f s, sweep %.1f s -> %s%n", result.points().size(), locateSeconds, sweepSeconds, out.resolve(ValueReport.HTML_FILE));
                for (Map.Entry<String, Object> e : summary(result).entrySet()) pw.printf("  %s: %s%n", e.getKey(), e.getValue());
                pw.flush();
            }
            return 0;
        }
    }

    /** Per method: mean target gain and mean NLR (over points where it is defined). */
    static Map<String, Object> summary(SweepResult r) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (String method : List.of(ValueSweep.NEURONS, ValueSweep.CAA)) {
            double gain = 0, nlr = 0;
            int n = 0, defined = 0;
            for (SweepPoint p : r.points()) {
                if (!p.method().equals(method)) continue;
                n++;
                gain += p.gain();
                if (p.nlr() != null) {
                    defined++;
                    nlr += p.nlr();
                }
            }
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("points", n);
            m.put("mean_target_gain", n == 0 ? null : gain / n);
            m.put("mean_nlr", defined == 0 ? null : nlr / defined);
            m.put("nlr_defined", defined);
            out.put(method, m);
        }
        return out;
    }
}
