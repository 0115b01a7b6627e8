package dev.lancet.runtime.backend;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Persistent worker threads that run a {@link RangeTask} over [0, n) split into a fixed set of
 * contiguous ranges, {@code R = min(n, RANGES_PER_THREAD * threads)}, fixed by n, R and the thread count:
 * rounds of one range a thread, each round's ranges smaller than the last's ({@link #bound}).
 * Ranges are handed out in order to whichever thread asks first (the caller works too), so a worker
 * that the OS has descheduled on a busy machine delays nothing: the others take its share.
 *
 * <p>Determinism does not depend on who runs a range: every output element belongs to one range and is
 * computed by the same code in the same order whatever thread runs it (the kernels' contract).
 *
 * <p>No allocation per call. One atomic word holds {@code generation << 32 | ranges << 16 | next}: a
 * thread owns range {@code next} of that generation when its compare-and-set advances {@code next}, so a
 * thread still looking at an old generation can never take a range of a new one, and task and count are
 * read only after a successful claim (the caller cannot publish the next call before this range is done).
 * One pool serves one caller thread at a time (a session owns its pool).
 */
public final class WorkerPool implements AutoCloseable {
    /** Ranges per thread: enough for a late thread's share to be picked up by the others. */
    public static final int RANGES_PER_THREAD = 4;
    private static final int SPINS = 20_000;

    private final int threads;
    private final Thread[] workers;
    private final AtomicLong state = new AtomicLong();
    private final AtomicInteger pending = new AtomicInteger();
    private volatile boolean closed;
    private volatile Thread caller;
    private volatile Throwable failure;
    private RangeTask task;
    private int count;

    public WorkerPool(int threads) {
        if (threads < 1) throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        if (threads > 1000) throw new IllegalArgumentException("threads must be <= 1000, got " + threads);
        this.threads = threads;
        this.workers = new Thread[threads - 1];
        for (int i = 1; i < threads; i++) {
            final int id = i;
            Thread t = new Thread(() -> loop(id), "lancet-worker-" + i);
            t.setDaemon(true);
            workers[i - 1] = t;
            t.start();
        }
    }

    public int threads() {
        return threads;
    }

    /** Runs {@code task} over [0, n) on all threads and returns when every range is done. */
    /**
     * Below this many multiply-adds a hand-off to the workers costs more than the work (a wake-up is
     * several microseconds): the caller runs the whole range itself. Which thread runs a range never
     * changes a result, so this only moves the time.
     */
    public static final long MIN_PARALLEL_WORK = 1L << 16;

    /** Whether {@link #run(int, long, RangeTask)} runs {@code work} on the caller alone: one thread, or work below {@link #MIN_PARALLEL_WORK}. */
    public boolean runsAlone(long work) {
        return threads == 1 || work < MIN_PARALLEL_WORK;
    }

    /** As {@link #run(int, RangeTask)}, but runs on the caller alone when {@code work} is below {@link #MIN_PARALLEL_WORK}. */
    public void run(int n, long work, RangeTask task) {
        if (runsAlone(work)) {
            if (n > 0) task.run(0, 0, n);
            return;
        }
        run(n, task);
    }

    public void run(int n, RangeTask task) {
        if (threads == 1 || n < 2) {
            if (n > 0) task.run(0, 0, n);
            return;
        }
        int ranges = Math.min(n, RANGES_PER_THREAD * threads);
        this.task = task;
        this.count = n;
        this.caller = Thread.currentThread();
        pending.set(ranges);
        long g = (state.get() >>> 32) + 1;
        state.set(g << 32 | (long) ranges << 16); // publishes task and count
        for (Thread w : workers) LockSupport.unpark(w);
        work(0, g);
        int spins = 0;
        while (pending.get() != 0) {
            if (++spins > SPINS) LockSupport.parkNanos(this, 20_000);
            else Thread.onSpinWait();
        }
        this.task = null;
        Throwable f = failure;
        if (f != null) {
            failure = null;
            if (f instanceof RuntimeException r) throw r;
            if (f instanceof Error e) throw e;
            throw new IllegalStateException(f);
        }
    }

    /**
     * Tenths of [0, n) in each round of {@code threads} ranges, handed out in order: 4, 3, 2, 1. Ranges shrink toward
     * the end so that when one thread takes the last range the others wait for a small one (with equal ranges, half an
     * eighth of the call on average: waiting was 8.5% of both threads' time in a smollm2 bf16 decode, 5.5% with these
     * by perf's samples).
     */
    private static final int[] SHARE = {4, 3, 2, 1}, CUMULATIVE = {0, 4, 7, 9, 10};

    static {
        if (SHARE.length != RANGES_PER_THREAD) throw new IllegalStateException("one share a round, RANGES_PER_THREAD rounds");
    }

    /**
     * Where range i of {@code ranges} over [0, n) starts ({@code bound(ranges, ..) = n}): with the full
     * RANGES_PER_THREAD ranges a thread, range j of round k starts at {@code n * (c_k * T + j * s_k) / (10 T)} (s_k the
     * round's tenths, c_k those of the rounds before); with fewer (n too small), equal ranges {@code i * n / ranges}.
     */
    int bound(int i, int ranges, int n) {
        if (ranges != RANGES_PER_THREAD * threads) return (int) ((long) i * n / ranges);
        int k = i / threads, j = i % threads;
        if (k == SHARE.length) return n;
        return (int) ((long) n * (CUMULATIVE[k] * threads + j * SHARE[k]) / (10L * threads));
    }

    /** Claims and runs ranges of generation g until none is left. */
    private void work(int id, long g) {
        while (true) {
            long s = state.get();
            if (s >>> 32 != g) return;
            int next = (int) (s & 0xffff), ranges = (int) ((s >>> 16) & 0xffff);
            if (next >= ranges) return;
            if (!state.compareAndSet(s, s + 1)) continue;
            int n = count;
            try {
                task.run(id, bound(next, ranges, n), bound(next + 1, ranges, n));
            } catch (Throwable e) {
                failure = e;
            } finally {
                if (pending.decrementAndGet() == 0 && id != 0) LockSupport.unpark(caller);
            }
        }
    }

    private void loop(int id) {
        long seen = 0;
        while (true) {
            int spins = 0;
            long g;
            while ((g = state.get() >>> 32) == seen) {
                if (closed) return;
                if (++spins > SPINS) LockSupport.park(this);
                else Thread.onSpinWait();
            }
            seen = g;
            if (closed) return;
            work(id, g);
        }
    }

    @Override
    public void close() {
        closed = true;
        for (Thread w : workers) LockSupport.unpark(w);
    }
}
