package dev.lancet.steering.values.pipeline;

import dev.lancet.runtime.config.ModelConfig;
import dev.lancet.runtime.edit.Site;
import dev.lancet.runtime.model.LlamaModel;
import dev.lancet.steering.edit.Layers;
import dev.lancet.steering.edit.Positions;
import dev.lancet.steering.progress.ProgressBar;
import dev.lancet.steering.record.ActivationRecording;
import dev.lancet.steering.record.RecordSpec;

import java.util.ArrayList;
import java.util.List;

/**
 * Per-text means, over each text's counted positions (its response), of the neuron activations
 * {@code mlp.neurons} and of the residual stream {@code residual} at every layer, recorded in one pass
 * with the edit stage's recorder.
 *
 * @param neurons  [layer][example][neuron]
 * @param residual [layer][example][hidden]
 */
public record ExampleActivations(float[][][] neurons, float[][][] residual) {

    public static ExampleActivations record(LlamaModel model, List<EncodedText> texts, int threads, String label, boolean progress) {
        ModelConfig c = model.config();
        List<ActivationRecording.Example> examples = new ArrayList<>();
        for (EncodedText t : texts) examples.add(new ActivationRecording.Example(t.ids(), Positions.from(t.start())));
        RecordSpec spec = new RecordSpec(List.of(Site.MLP_NEURONS, Site.RESIDUAL), Layers.all(), Positions.all(), null, null);
        float[][] rows;
        try (ProgressBar bar = ProgressBar.forStderr(label, texts.size(), progress)) {
            rows = ActivationRecording.run(model, examples, spec, threads, true, null, (done, total) -> bar.step()).exampleMeans();
        }
        int L = c.numLayers(), F = c.intermediateSize(), D = c.hiddenSize(), n = texts.size();
        float[][][] neurons = new float[L][n][F];
        float[][][] residual = new float[L][n][D];
        for (int e = 0; e < n; e++) {
            for (int l = 0; l < L; l++) {
                System.arraycopy(rows[e], l * F, neurons[l][e], 0, F);
                System.arraycopy(rows[e], L * F + l * D, residual[l][e], 0, D);
            }
        }
        return new ExampleActivations(neurons, residual);
    }
}
