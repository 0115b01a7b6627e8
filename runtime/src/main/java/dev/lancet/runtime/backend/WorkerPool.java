package dev.lancet.runtime.backend;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * Persistent worker threads that split [0, n) into {@code threads} fixed contiguous ranges:
 * range i is [i*n/T, (i+1)*n/T). The caller thread runs range 0. Each index is owned by exactly one
 * thread and computed by the same code as with one thread, so results do not depend on T.
 * No allocation per call: the task object is passed in and workers are woken by a generation counter.
 * One pool serves one caller thread at a time (a session owns its pool).
 */
public final class WorkerPool implements AutoCloseable {
    private static final int SPINS = 20_000;

    private final int threads;
    private final Thread[] workers;
    private final AtomicInteger pending = new AtomicInteger();
    private volatile int generation;
    private volatile boolean closed;
    private volatile Thread caller;
    private volatile Throwable failure;
    private RangeTask task;
    private int count;

    public WorkerPool(int threads) {
        if (threads < 1) throw new IllegalArgumentException("threads must be >= 1, got " + threads);
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
    public void run(int n, RangeTask task) {
        if (threads == 1 || n < threads) {
            task.run(0, 0, n);
            return;
        }
        this.task = task;
        this.count = n;
        this.caller = Thread.currentThread();
        pending.set(threads - 1);
        generation++; // volatile write publishes task and count
        for (Thread w : workers) LockSupport.unpark(w);
        task.run(0, 0, n / threads);
        int spins = 0;
        while (pending.get() != 0) {
            if (++spins > SPINS) LockSupport.parkNanos(this, 50_000);
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

    private void loop(int id) {
        int seen = 0;
        while (true) {
            int spins = 0;
            int g;
            while ((g = generation) == seen) {
                if (closed) return;
                if (++spins > SPINS) LockSupport.park(this);
                else Thread.onSpinWait();
            }
            seen = g;
            if (closed) return;
            int n = count;
            int from = (int) ((long) id * n / threads), to = (int) ((long) (id + 1) * n / threads);
            try {
                task.run(id, from, to);
            } catch (Throwable t) {
                failure = t;
            } finally {
                if (pending.decrementAndGet() == 0) LockSupport.unpark(caller);
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        for (Thread w : workers) LockSupport.unpark(w);
    }
}
