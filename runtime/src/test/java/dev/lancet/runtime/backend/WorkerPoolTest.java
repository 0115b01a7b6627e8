package dev.lancet.runtime.backend;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicIntegerArray;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The pool runs every index of a call once, in the ranges its rounds define, and hands a task's failure to the caller. */
class WorkerPoolTest {
    /** threads, n: fewer indices than ranges, as many, and many more (the rounds' shares). */
    @ParameterizedTest
    @CsvSource({"1, 7", "2, 3", "2, 8", "2, 9", "2, 576", "2, 49152", "3, 11", "3, 1000", "5, 20", "5, 1537"})
    void everyIndexRunsOnceInTheRangesOfItsRounds(int threads, int n) {
        AtomicIntegerArray runs = new AtomicIntegerArray(n);
        ConcurrentLinkedQueue<int[]> ranges = new ConcurrentLinkedQueue<>();
        try (WorkerPool pool = new WorkerPool(threads)) {
            for (int call = 0; call < 50; call++) { // generations in a row: no range of one leaks into the next
                ranges.clear();
                pool.run(n, (worker, from, to) -> {
                    assertTrue(worker >= 0 && worker < threads, "worker " + worker);
                    ranges.add(new int[] {from, to});
                    for (int i = from; i < to; i++) runs.incrementAndGet(i);
                });
            }
        }
        for (int i = 0; i < n; i++) assertEquals(50, runs.get(i), "index " + i + " ran once a call");
        int count = threads == 1 || n < 2 ? 1 : Math.min(n, WorkerPool.RANGES_PER_THREAD * threads);
        assertEquals(count, ranges.size(), "ranges of the last call");
        if (count == WorkerPool.RANGES_PER_THREAD * threads) {
            // rounds of one range a thread, 4, 3, 2 and 1 tenths of n each: the last round's are the smallest
            int[][] sorted = ranges.stream().sorted((a, b) -> Integer.compare(a[0], b[0])).toArray(int[][]::new);
            for (int k = 0; k < WorkerPool.RANGES_PER_THREAD; k++) {
                int share = 4 - k;
                for (int j = 0; j < threads; j++) {
                    int[] r = sorted[k * threads + j];
                    double expected = n * share / (10.0 * threads);
                    assertTrue(Math.abs((r[1] - r[0]) - expected) <= 1, "round " + k + " range " + j + ": " + (r[1] - r[0]) + " vs " + expected);
                }
            }
        }
    }

    @Test
    void aTaskFailureReachesTheCallerAndThePoolGoesOn() {
        try (WorkerPool pool = new WorkerPool(2)) {
            IllegalStateException boom = new IllegalStateException("boom");
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> pool.run(64, (w, from, to) -> {
                if (from <= 40 && 40 < to) throw boom;
            }));
            assertSame(boom, e);
            AtomicIntegerArray runs = new AtomicIntegerArray(64);
            pool.run(64, (w, from, to) -> {
                for (int i = from; i < to; i++) runs.incrementAndGet(i);
            });
            for (int i = 0; i < 64; i++) assertEquals(1, runs.get(i));
        }
    }
}
