package dev.lancet.runtime.forward;

import dev.lancet.runtime.model.LlamaModel;
import dev.lancet.runtime.model.LoadOptions;
import dev.lancet.runtime.safetensors.SafetensorsFile;
import dev.lancet.runtime.sampling.Sampler;
import dev.lancet.runtime.tensor.WeightFormat;
import dev.lancet.runtime.testing.SharedData;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * stories260K quantized to Q8_0 on load stays close to F32: bounded logit deviation, nearly the same
 * greedy story, a perplexity change under 1%. The numbers are printed for the speed note.
 */
class QuantizedModelTest {
    /**
     * Max |delta logit| allowed for Q8_0 against F32. A Q8_0 weight is off by up to d/2 = max|w|/254 of its
     * block, about twice BF16's relative rounding (2^-9), whose bound in DtypeAndShardTest is 0.25.
     */
    static final double MAX_DEVIATION = 0.5;

    static float[][] logits(LlamaModel m, int[] ids) {
        try (Session s = Session.open(m, 2)) {
            return s.logitsAtEveryPosition(ids);
        }
    }

    /** exp(mean over t of -log softmax(logits[t])[ids[t+1]]). */
    static double perplexity(float[][] logits, int[] ids) {
        double nll = 0;
        for (int t = 0; t + 1 < ids.length; t++) {
            float[] l = logits[t];
            double max = Double.NEGATIVE_INFINITY;
            for (float v : l) max = Math.max(max, v);
            double z = 0;
            for (float v : l) z += Math.exp(v - max);
            nll -= l[ids[t + 1]] - max - Math.log(z);
        }
        return Math.exp(nll / (ids.length - 1));
    }

    static double maxDeviation(float[][] a, float[][] b) {
        double max = 0;
        for (int t = 0; t < a.length; t++) for (int v = 0; v < a[t].length; v++) max = Math.max(max, Math.abs(a[t][v] - b[t][v]));
        return max;
    }

    /** BOS then the model's own greedy continuation in F32. */
    static int[] greedyStory(LlamaModel m, int length) {
        int[] ids = new int[length];
        ids[0] = m.config().bosTokenId();
        try (Session s = Session.open(m, 1)) {
            float[] l = s.next(ids[0], false);
            for (int i = 1; i < length; i++) {
                ids[i] = Sampler.argmax(l);
                l = s.next(ids[i], true);
            }
        }
        return ids;
    }

    @Test
    void q8OnTheGreedyStoryStaysCloseToF32() {
        try (LlamaModel f32 = LlamaModel.load(SharedData.embeddedModel());
             LlamaModel q8 = LlamaModel.load(SharedData.embeddedModel(), LoadOptions.weights(WeightFormat.Q8_0))) {
            assertEquals(WeightFormat.Q8_0, q8.weightFormat());
            assertTrue(q8.weightBytesPerToken() * 3 < f32.weightBytesPerToken(), "q8_0 reads under a third of the F32 bytes");
            int[] story = greedyStory(f32, 120);
            float[][] a = logits(f32, story), b = logits(q8, story);
            double dev = maxDeviation(a, b);
            double pa = perplexity(a, story), pb = perplexity(b, story);
            int agree = 0;
            for (int t = 0; t < story.length; t++) if (Sampler.argmax(a[t]) == Sampler.argmax(b[t])) agree++;
            System.out.printf("q8_0 vs f32 on the greedy story (%d tokens): max |delta logit| %.5f, perplexity %.5f -> %.5f (%+.3f%%), argmax agreement %d/%d, bytes/token %d -> %d%n",
                    story.length, dev, pa, pb, 100 * (pb / pa - 1), agree, story.length, f32.weightBytesPerToken(), q8.weightBytesPerToken());
            assertTrue(dev > 0, "quantization must change something");
            assertTrue(dev <= MAX_DEVIATION, "max |delta logit| " + dev + " > " + MAX_DEVIATION);
            assertTrue(Math.abs(pb / pa - 1) < 0.01, "perplexity " + pa + " -> " + pb);
            assertTrue(agree >= story.length - 3, "argmax agreement " + agree + "/" + story.length);
        }
    }

    @Test
    void q8OnTheSharedReferenceStory() {
        Path ref = SharedData.require("reference/stories260K/reference.safetensors");
        try (SafetensorsFile f = SafetensorsFile.open(ref);
             LlamaModel q8 = LlamaModel.load(SharedData.require("models/stories260K"), LoadOptions.weights(WeightFormat.Q8_0))) {
            assertTrue(Files.exists(ref));
            int[] ids = f.readInts("case2.ids");
            float[] flat = f.readFloats("case2.logits");
            int vocab = q8.config().vocabSize();
            float[][] expected = new float[ids.length][vocab];
            for (int t = 0; t < ids.length; t++) System.arraycopy(flat, t * vocab, expected[t], 0, vocab);
            float[][] got = logits(q8, ids);
            double dev = maxDeviation(expected, got);
            double pr = perplexity(expected, ids), pq = perplexity(got, ids);
            System.out.printf("q8_0 vs reference case 2 (%d tokens): max |delta logit| %.5f, perplexity %.5f -> %.5f (%+.3f%%)%n",
                    ids.length, dev, pr, pq, 100 * (pq / pr - 1));
            assertTrue(dev <= MAX_DEVIATION, "max |delta logit| " + dev);
            assertTrue(Math.abs(pq / pr - 1) < 0.01, "perplexity " + pr + " -> " + pq);
        }
    }
}
