package dev.lancet.runtime.perf;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The bandwidth probe reads its whole buffer once a pass in both patterns, and reports the better one. No timing assertions. */
class MemoryBandwidthTest {
    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3})
    void bothPatternsReadEveryVectorOnceAPass(int threads) {
        // 7 MiB: one range of 7 blocks on one thread (quarters of 1.75 MiB), 7 ranges of one block on more
        try (MemoryBandwidth.Probe p = MemoryBandwidth.Probe.open(threads, 7L << 20)) {
            double vectors = (double) p.bytes() / jdk.incubator.vector.FloatVector.SPECIES_PREFERRED.vectorByteSize();
            // the constructor reads once in each pattern (JIT, page tables)
            assertEquals(vectors, p.vectorsRead(false));
            assertEquals(vectors, p.vectorsRead(true));
            MemoryBandwidth.Reading r = p.measureEach(2);
            assertEquals(3 * vectors, p.vectorsRead(false));
            assertEquals(3 * vectors, p.vectorsRead(true));
            assertTrue(r.oneStream() > 0 && r.fourStreams() > 0 && Double.isFinite(r.best()), r.toString());
            assertEquals(Math.max(r.oneStream(), r.fourStreams()), r.best());
        }
    }
}
