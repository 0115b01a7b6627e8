package dev.lancet.runtime.model;

import dev.lancet.runtime.config.ModelConfig;
import dev.lancet.runtime.testing.SharedData;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The work counts that lancet bench divides by, against the shapes written out from the config: a prefill
 * multiplies every layer matrix once per token and the lm_head once, and each token attends every position up to its
 * own; a decoded token reads every matrix once.
 */
class WorkCountsTest {
    @Test
    void prefillFlopsAndDecodeBytesFollowTheConfig() {
        try (LlamaModel m = LlamaModel.load(SharedData.embeddedModel())) {
            ModelConfig c = m.config();
            long h = c.hiddenSize(), q = c.qDim(), kv = c.kvDim(), ffn = c.intermediateSize(), vocab = c.vocabSize();
            long perLayer = h * q + 2 * h * kv + q * h + 3 * h * ffn;
            long layers = c.numLayers() * perLayer;
            for (int p : new int[]{1, 7, 256}) {
                assertEquals(2 * (p * layers + vocab * h), m.prefillMatmulFlops(p), "prefill of " + p + " tokens");
                // causal attention, counted position by position: token p scores and sums p + 1 positions in each query head
                long macs = 0;
                for (int pos = 0; pos < p; pos++) macs += 2L * (pos + 1) * c.headDim() * c.numHeads() * c.numLayers();
                assertEquals(2 * macs, m.prefillAttentionFlops(p), "attention of a prefill of " + p + " tokens");
                assertEquals(m.prefillMatmulFlops(p) + 2 * macs, m.prefillFlops(p), "all fma work of a prefill of " + p + " tokens");
            }
            // stories260K is stored in F32 and read in place
            assertEquals(4 * (layers + vocab * h), m.weightBytesPerToken());
        }
    }
}
