package dev.lancet.runtime.perf;

import dev.lancet.runtime.backend.RangeTask;
import dev.lancet.runtime.backend.WorkerPool;
import jdk.incubator.vector.FloatVector;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

import static dev.lancet.runtime.tensor.VectorKernels.F;

/**
 * The machine's achievable read bandwidth: every thread streams its share of an off-heap buffer much
 * larger than the caches through Vector API loads (four independent accumulators, as a matvec would),
 * and the best of several passes counts. This is the denominator of the decode roofline. A {@link Probe}
 * keeps its buffer and threads so it can be measured again right before each decode it is paired with
 * (on a shared VM the achievable bandwidth drifts by up to 2x within a minute).
 */
public final class MemoryBandwidth {
    /** 1 GiB: several times the largest last-level cache seen on these machines. */
    public static final long DEFAULT_BYTES = 1L << 30;
    private static final long BLOCK = 1L << 20;

    private MemoryBandwidth() {
    }

    /** Bytes per second, best of {@code passes} full reads of a {@code bytes} buffer with {@code threads} threads. */
    public static double measure(int threads, long bytes, int passes) {
        try (Probe p = Probe.open(threads, bytes)) {
            return p.measure(passes);
        }
    }

    /** A buffer, touched and read once (JIT, page tables), and the threads that read it. */
    public static final class Probe implements AutoCloseable {
        private final Arena arena = Arena.ofShared();
        private final WorkerPool pool;
        private final ReadTask task;
        private final int blocks;

        private Probe(int threads, long bytes) {
            this.blocks = (int) Math.max(threads, bytes / BLOCK);
            this.pool = new WorkerPool(threads);
            MemorySegment buf = arena.allocate(blocks * BLOCK, 4096);
            this.task = new ReadTask(buf, threads);
            pool.run(blocks, (worker, from, to) -> buf.asSlice(from * BLOCK, (to - from) * BLOCK).fill((byte) 1));
            pool.run(blocks, task);
        }

        public static Probe open(int threads, long bytes) {
            return new Probe(threads, bytes);
        }

        /** Bytes per second, best of {@code passes} full reads. */
        public double measure(int passes) {
            double best = 0;
            for (int p = 0; p < passes; p++) {
                long t0 = System.nanoTime();
                pool.run(blocks, task);
                long dt = System.nanoTime() - t0;
                best = Math.max(best, blocks * BLOCK / (dt * 1e-9));
            }
            if (task.sink() == 42.0) System.err.print(""); // keeps the sums observable
            return best;
        }

        /** Frees the buffer (so it does not count in a resident-set measurement) and stops the threads. */
        @Override
        public void close() {
            pool.close();
            arena.close();
        }
    }

    private static final class ReadTask implements RangeTask {
        private final MemorySegment buf;
        /** One sum per worker, 16 floats apart so workers never write the same cache line. */
        private final float[] sums;

        ReadTask(MemorySegment buf, int threads) {
            this.buf = buf;
            this.sums = new float[16 * threads];
        }

        @Override
        public void run(int worker, int from, int to) {
            FloatVector a0 = FloatVector.zero(F), a1 = a0, a2 = a0, a3 = a0;
            long step = F.vectorByteSize();
            for (long o = from * BLOCK, end = to * BLOCK; o < end; o += 4 * step) {
                a0 = a0.add(FloatVector.fromMemorySegment(F, buf, o, ByteOrder.LITTLE_ENDIAN));
                a1 = a1.add(FloatVector.fromMemorySegment(F, buf, o + step, ByteOrder.LITTLE_ENDIAN));
                a2 = a2.add(FloatVector.fromMemorySegment(F, buf, o + 2 * step, ByteOrder.LITTLE_ENDIAN));
                a3 = a3.add(FloatVector.fromMemorySegment(F, buf, o + 3 * step, ByteOrder.LITTLE_ENDIAN));
            }
            sums[16 * worker] += a0.add(a1).add(a2.add(a3)).lane(0);
        }

        double sink() {
            double s = 0;
            for (float v : sums) s += v;
            return s + buf.get(ValueLayout.JAVA_BYTE, 0);
        }
    }
}
