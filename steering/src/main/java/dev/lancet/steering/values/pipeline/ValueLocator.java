package dev.lancet.steering.values.pipeline;

import dev.lancet.runtime.model.LlamaModel;
import dev.lancet.steering.values.LayerScores;
import dev.lancet.steering.values.LocatedNeurons;
import dev.lancet.steering.values.NeuronScores;
import dev.lancet.steering.values.NeuronSelector;
import dev.lancet.steering.values.RankingConfig;
import dev.lancet.steering.values.SchwartzValue;
import dev.lancet.steering.values.ScoringConfig;
import dev.lancet.steering.values.UnitClasses;
import dev.lancet.steering.values.UnitClassifier;
import dev.lancet.steering.values.ValueContrast;
import dev.lancet.steering.values.ValueDataException;
import dev.lancet.steering.values.ValueDialogue;
import dev.lancet.steering.values.ValueDialogues;
import dev.lancet.steering.values.ValueNeuronScores;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Step 1 and 2 of the value pipeline: record {@code mlp.neurons} (mean over response tokens) for every
 * labelled text, score every neuron per value (standardised mean difference, sparse L1 probe,
 * activation specificity), keep the top neurons per value; also the CAA baseline vectors from the
 * same pass, and the SSAH unit classes when general text is given.
 */
public final class ValueLocator {
    private ValueLocator() {
    }

    /** What locate found. {@code unitClasses} is null without general text. */
    public record Result(LocatedNeurons neurons, CaaVectors caa, UnitClasses unitClasses, Set<SchwartzValue> skipped,
                         int texts) {
    }

    public static Result locate(LlamaModel model, TextEncoder encoder, ValueDialogues data, List<String> generalText,
                                LocateOptions options, int threads, boolean progress, PrintStream log) {
        List<ValueDialogue> dialogues = data.dialogues();
        if (options.maxTexts() > 0 && dialogues.size() > options.maxTexts()) dialogues = dialogues.subList(0, options.maxTexts());
        if (dialogues.isEmpty()) throw new ValueDataException(data.source() + ": no labelled texts");
        Set<SchwartzValue> usable = EnumSet.noneOf(SchwartzValue.class);
        Set<SchwartzValue> skipped = EnumSet.noneOf(SchwartzValue.class);
        for (SchwartzValue v : SchwartzValue.values()) {
            int pos = 0, neg = 0;
            for (ValueDialogue d : dialogues) {
                if (d.promotes(v)) pos++;
                if (options.contrast().isNegative(d.label(v))) neg++;
            }
            if (pos >= options.minPerClass() && neg >= options.minPerClass()) usable.add(v);
            else skipped.add(v);
        }
        if (usable.isEmpty()) {
            throw new ValueDataException(data.source() + ": no value has " + options.minPerClass() + " texts in both classes under "
                    + options.contrast().label() + "; cannot locate anything");
        }
        if (!skipped.isEmpty() && log != null) log.println("lancet: values without enough texts in both classes, skipped: " + skipped);
        ValueContrast contrast = ValueContrast.of(dialogues, options.contrast(), usable, options.minPerClass(), data.source());

        List<EncodedText> texts = new ArrayList<>();
        for (ValueDialogue d : dialogues) texts.add(encoder.dialogue(d));
        ExampleActivations acts = ExampleActivations.record(model, texts, threads, "recording value texts", progress);

        int layers = model.config().numLayers();
        List<LayerScores> scores = new ArrayList<>();
        ScoringConfig scoring = ScoringConfig.defaults();
        try (var bar = dev.lancet.steering.progress.ProgressBar.forStderr("scoring neurons", layers, progress)) {
            for (int l = 0; l < layers; l++) {
                scores.add(NeuronScores.scoreLayer(l, acts.neurons()[l], contrast, scoring, threads));
                bar.step();
            }
        }
        LocatedNeurons located = NeuronSelector.locate(scores, scoring, RankingConfig.defaults(), options.selection(),
                options.contrast(), model.dir().toString());
        int caaLayer = options.resolveCaaLayer(layers);
        CaaVectors caa = CaaVectors.compute(acts.residual()[caaLayer], contrast, caaLayer);

        UnitClasses units = null;
        if (generalText != null && !generalText.isEmpty()) {
            List<EncodedText> general = new ArrayList<>();
            for (String line : generalText) general.add(encoder.whole(line));
            ExampleActivations g = ExampleActivations.record(model, general, threads, "recording general text", progress);
            float[][] valueImportance = new float[layers][], utilityImportance = new float[layers][];
            for (int l = 0; l < layers; l++) {
                valueImportance[l] = maxAbsSmd(scores.get(l));
                utilityImportance[l] = UnitClassifier.meanAbsActivation(g.neurons()[l]);
            }
            units = UnitClassifier.classify(valueImportance, utilityImportance, options.unitQuantile(), options.unitQuantile());
        }
        return new Result(located, caa, units, skipped, dialogues.size());
    }

    /** Value importance of a neuron: its largest |standardised mean difference| over the values. */
    static float[] maxAbsSmd(LayerScores layer) {
        float[] out = new float[layer.width()];
        for (ValueNeuronScores s : layer.byValue().values()) {
            double[] smd = s.smd();
            for (int n = 0; n < out.length; n++) out[n] = (float) Math.max(out[n], Math.abs(smd[n]));
        }
        return out;
    }
}
