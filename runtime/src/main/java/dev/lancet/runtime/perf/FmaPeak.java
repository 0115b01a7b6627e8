package dev.lancet.runtime.perf;

import dev.lancet.runtime.backend.RangeTask;
import dev.lancet.runtime.backend.WorkerPool;
import jdk.incubator.vector.FloatVector;

import static dev.lancet.runtime.tensor.VectorKernels.F;
import static dev.lancet.runtime.tensor.VectorKernels.LANES;

/**
 * The machine's float FMA peak as the Vector API reaches it: every thread runs 12 independent
 * accumulator chains of {@code acc = acc * a + b} (enough to cover FMA latency on two FMA ports), each
 * lane counting 2 FLOPs per FMA. The denominator of the prefill efficiency. A {@link Probe} can be
 * measured again right before each prefill it is paired with: the peak a VM's vCPU delivers drifts
 * (1.7x between runs minutes apart, measured).
 *
 * <p>The chains live in a static method of their own, the iteration count a parameter: written inline in the
 * task's {@code run} (a loop over the range around the loop over an instance field), C2 compiled them to half
 * the machine's rate (Zen 4, 512-bit: 50 against 108-113 GFLOP/s a thread, which is one 16-lane FMA a cycle at
 * 3.3-3.5 GHz), and prefill measured 1.3-1.4x "the peak".
 */
public final class FmaPeak {
    private static final int CHAINS = 12;

    private FmaPeak() {
    }

    /** FLOP/s, best of {@code passes} runs of about {@code seconds} each on {@code threads} threads. */
    public static double measure(int threads, double seconds, int passes) {
        try (Probe p = Probe.open(threads)) {
            return p.measure(seconds, passes);
        }
    }

    /** The FMA loop compiled and calibrated once, with its threads, to be measured again before each prefill. */
    public static final class Probe implements AutoCloseable {
        private final WorkerPool pool;
        private final FmaTask task;
        private final int threads;
        private double perIteration = Double.MAX_VALUE;

        private Probe(int threads) {
            this.threads = threads;
            this.pool = new WorkerPool(threads);
            this.task = new FmaTask(threads);
            task.iterations = 1_000_000;
            for (int i = 0; i < 5; i++) { // warm-up until the loop is compiled, calibrating on the fastest run
                long t0 = System.nanoTime();
                pool.run(threads, task);
                perIteration = Math.min(perIteration, (System.nanoTime() - t0) * 1e-9 / task.iterations);
            }
        }

        public static Probe open(int threads) {
            return new Probe(threads);
        }

        /** FLOP/s, best of {@code passes} runs of about {@code seconds} each. */
        public double measure(double seconds, int passes) {
            task.iterations = (long) Math.max(100_000, seconds / perIteration);
            double best = 0;
            for (int p = 0; p < passes; p++) {
                long s = System.nanoTime();
                pool.run(threads, task);
                double dt = (System.nanoTime() - s) * 1e-9;
                best = Math.max(best, (double) threads * task.iterations * CHAINS * LANES * 2 / dt);
            }
            return best;
        }

        @Override
        public void close() {
            pool.close();
        }
    }

    private static final class FmaTask implements RangeTask {
        private final float[] sink;
        long iterations;

        FmaTask(int threads) {
            sink = new float[16 * threads];
        }

        @Override
        public void run(int worker, int from, int to) {
            for (int r = from; r < to; r++) sink[16 * worker] += chains(iterations, worker);
        }

        /** CHAINS independent chains of {@code c = c * a + b}, {@code iterations} steps each; the sum of their lane 0. */
        private static float chains(long iterations, float seed) {
            FloatVector a = FloatVector.broadcast(F, 0.999f), b = FloatVector.broadcast(F, 1e-3f);
            FloatVector c0 = FloatVector.broadcast(F, seed), c1 = c0.add(1), c2 = c0.add(2), c3 = c0.add(3);
            FloatVector c4 = c0.add(4), c5 = c0.add(5), c6 = c0.add(6), c7 = c0.add(7);
            FloatVector c8 = c0.add(8), c9 = c0.add(9), c10 = c0.add(10), c11 = c0.add(11);
            for (long i = 0; i < iterations; i++) {
                c0 = c0.fma(a, b);
                c1 = c1.fma(a, b);
                c2 = c2.fma(a, b);
                c3 = c3.fma(a, b);
                c4 = c4.fma(a, b);
                c5 = c5.fma(a, b);
                c6 = c6.fma(a, b);
                c7 = c7.fma(a, b);
                c8 = c8.fma(a, b);
                c9 = c9.fma(a, b);
                c10 = c10.fma(a, b);
                c11 = c11.fma(a, b);
            }
            return c0.add(c1).add(c2).add(c3).add(c4).add(c5).add(c6).add(c7).add(c8).add(c9).add(c10).add(c11).lane(0);
        }
    }
}
