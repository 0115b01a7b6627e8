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
 * larger than the caches through Vector API loads (four independent accumulators, as a matvec would), in
 * two patterns, and the best pass of either counts. This is the denominator of the decode roofline.
 * <ul>
 *   <li><b>one stream</b>: each range read front to back;</li>
 *   <li><b>four streams</b>: each range read as four interleaved runs a quarter of the range apart, the
 *   pattern of the decode tiles (rows a quarter of a thread's range apart). On a Xeon VM (2 vCPUs) it read
 *   31.5-31.9 GB/s where one stream read 30.0-30.6 (1 GiB, alternated), and 33.5-34.4 against 29.5-30.1 in
 *   a faster phase of the same VM, so a one-stream probe put the roofline below what the decode itself can
 *   reach there.</li>
 * </ul>
 * A {@link Probe} keeps its buffer and threads so it can be measured again right before each decode it is
 * paired with (on a shared VM the achievable bandwidth drifts by up to 2x within a minute).
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
        private final ReadTask oneStream, fourStreams;
        private final int blocks;

        private Probe(int threads, long bytes) {
            this.blocks = (int) Math.max(threads, bytes / BLOCK);
            this.pool = new WorkerPool(threads);
            MemorySegment buf = arena.allocate(blocks * BLOCK, 4096);
            this.oneStream = new ReadTask(buf, threads, false);
            this.fourStreams = new ReadTask(buf, threads, true);
            pool.run(blocks, (worker, from, to) -> fillOnes(buf.asSlice(from * BLOCK, (to - from) * BLOCK)));
            pool.run(blocks, oneStream);
            pool.run(blocks, fourStreams);
        }

        public static Probe open(int threads, long bytes) {
            return new Probe(threads, bytes);
        }

        /** Bytes the probe reads in a pass. */
        public long bytes() {
            return blocks * BLOCK;
        }

        /**
         * Vectors one pattern has read so far, counted from the sums (each vector holds 1.0f lanes and adds 1 to
         * lane 0 of a sum): every pass reads each of the buffer's vectors once in either pattern.
         */
        double vectorsRead(boolean fourStreamsPattern) {
            return (fourStreamsPattern ? fourStreams : oneStream).sink();
        }

        /** Bytes per second, the best of {@code passes} full reads in each pattern. */
        public double measure(int passes) {
            return measureEach(passes).best();
        }

        /** Bytes per second of each pattern, best of {@code passes} full reads each (the patterns alternate). */
        public Reading measureEach(int passes) {
            double one = 0, four = 0;
            for (int p = 0; p < passes; p++) {
                one = Math.max(one, pass(oneStream));
                four = Math.max(four, pass(fourStreams));
            }
            if (oneStream.sink() + fourStreams.sink() == 42.0) System.err.print(""); // keeps the sums observable
            return new Reading(one, four);
        }

        private double pass(ReadTask task) {
            long t0 = System.nanoTime();
            pool.run(blocks, task);
            return blocks * BLOCK / ((System.nanoTime() - t0) * 1e-9);
        }

        /** Frees the buffer (so it does not count in a resident-set measurement) and stops the threads. */
        @Override
        public void close() {
            pool.close();
            arena.close();
        }
    }

    /** Bytes per second read in one pattern and in the other; the probe's result is the better of the two. */
    public record Reading(double oneStream, double fourStreams) {
        public double best() {
            return Math.max(oneStream, fourStreams);
        }
    }

    /** Fills a slice (a whole number of 4 KiB pages) with 1.0f: one page written, then copied. */
    private static void fillOnes(MemorySegment slice) {
        long page = 4096;
        for (long o = 0; o < page; o += 4) slice.set(ValueLayout.JAVA_FLOAT_UNALIGNED, o, 1.0f);
        for (long o = page; o < slice.byteSize(); o += page) MemorySegment.copy(slice, 0, slice, o, page);
    }

    private static final class ReadTask implements RangeTask {
        private final MemorySegment buf;
        private final boolean strided;
        /** One sum per worker, 16 floats apart so workers never write the same cache line. */
        private final float[] sums;

        ReadTask(MemorySegment buf, int threads, boolean strided) {
            this.buf = buf;
            this.strided = strided;
            this.sums = new float[16 * threads];
        }

        @Override
        public void run(int worker, int from, int to) {
            FloatVector a0 = FloatVector.zero(F), a1 = a0, a2 = a0, a3 = a0;
            long step = F.vectorByteSize();
            if (strided) {
                // four runs of q bytes (BLOCK / 4 is a whole number of vectors), each loop step one vector of each
                long q = (to - from) * (BLOCK / 4);
                for (long o = from * BLOCK, end = o + q; o < end; o += step) {
                    a0 = a0.add(FloatVector.fromMemorySegment(F, buf, o, ByteOrder.LITTLE_ENDIAN));
                    a1 = a1.add(FloatVector.fromMemorySegment(F, buf, o + q, ByteOrder.LITTLE_ENDIAN));
                    a2 = a2.add(FloatVector.fromMemorySegment(F, buf, o + 2 * q, ByteOrder.LITTLE_ENDIAN));
                    a3 = a3.add(FloatVector.fromMemorySegment(F, buf, o + 3 * q, ByteOrder.LITTLE_ENDIAN));
                }
            } else {
                for (long o = from * BLOCK, end = to * BLOCK; o < end; o += 4 * step) {
                    a0 = a0.add(FloatVector.fromMemorySegment(F, buf, o, ByteOrder.LITTLE_ENDIAN));
                    a1 = a1.add(FloatVector.fromMemorySegment(F, buf, o + step, ByteOrder.LITTLE_ENDIAN));
                    a2 = a2.add(FloatVector.fromMemorySegment(F, buf, o + 2 * step, ByteOrder.LITTLE_ENDIAN));
                    a3 = a3.add(FloatVector.fromMemorySegment(F, buf, o + 3 * step, ByteOrder.LITTLE_ENDIAN));
                }
            }
            sums[16 * worker] += a0.add(a1).add(a2.add(a3)).lane(0);
        }

        double sink() {
            double s = 0;
            for (float v : sums) s += v;
            return s;
        }
    }
}
