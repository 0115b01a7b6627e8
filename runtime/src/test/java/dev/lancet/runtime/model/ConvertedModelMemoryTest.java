package dev.lancet.runtime.model;

import dev.lancet.runtime.forward.Session;
import dev.lancet.runtime.perf.ResidentFileMappings;
import dev.lancet.runtime.safetensors.DType;
import dev.lancet.runtime.safetensors.SafetensorsFile;
import dev.lancet.runtime.synthetic.SyntheticCheckpoint;
import dev.lancet.runtime.synthetic.SyntheticShapes;
import dev.lancet.runtime.tensor.WeightFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A model whose matrices are all converted or copied into memory keeps none of its checkpoint's pages mapped,
 * while one read in place keeps them; a copy computes the same logits, a conversion to F32 the same within float
 * rounding. The checkpoint is written by the
 * test itself, so its pages are in the page cache as a fresh write leaves them (large folios, on kernels that make
 * them), the case where reading a norm after its neighbour matrix was unloaded mapped megabytes again.
 */
class ConvertedModelMemoryTest {
    @Test
    void convertedOrCopiedWeightsLeaveNoFilePagesMapped(@TempDir Path dir) {
        assumeTrue(Files.isReadable(Path.of("/proc/self/smaps")), "no /proc/self/smaps on this system");
        SyntheticCheckpoint.write(dir, SyntheticShapes.byName("tiny"), DType.BF16, 7);
        int[] ids = {1, 5, 9, 2};
        float[][] inPlace;
        try (LlamaModel m = LlamaModel.load(dir)) {
            inPlace = logits(m, ids);
            assertTrue(mappedWeightBytes(m) > 0, "read in place, the weights are mapped pages");
        }
        for (LoadOptions options : List.of(LoadOptions.DEFAULT.copied(), LoadOptions.weights(WeightFormat.F32))) {
            try (LlamaModel m = LlamaModel.load(dir, options)) {
                assertEquals(0, mappedWeightBytes(m), options + ": no page of the checkpoint is left mapped");
                float[][] l = logits(m, ids);
                for (int t = 0; t < ids.length; t++) {
                    if (options.copyToMemory()) {
                        assertArrayEquals(inPlace[t], l[t], options + ", position " + t); // the same bytes, the same kernels
                    } else {
                        // widened to F32: the same values summed in column order instead of BF16's lane pairs
                        for (int v = 0; v < l[t].length; v++) assertEquals(inPlace[t][v], l[t][v], 1e-3, options + ", position " + t);
                    }
                }
                assertEquals(0, mappedWeightBytes(m), options + ": the forward pass reads none of them either");
            }
        }
    }

    private static long mappedWeightBytes(LlamaModel m) {
        return ResidentFileMappings.read(m.checkpoint().files().stream().map(SafetensorsFile::path).toList()).weightBytes();
    }

    private static float[][] logits(LlamaModel m, int[] ids) {
        try (Session s = Session.open(m, 1)) {
            return s.logitsAtEveryPosition(ids);
        }
    }
}
