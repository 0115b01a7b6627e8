package dev.lancet.runtime.perf;

import java.lang.management.ManagementFactory;

/**
 * Java heap bytes allocated so far by all live threads ({@code com.sun.management.ThreadMXBean}), or -1
 * where the JVM does not count them. A counter, not a sample: the difference over a loop is what the loop
 * allocated, whichever thread did it.
 */
public final class HeapAllocation {
    private HeapAllocation() {
    }

    public static long totalBytes() {
        if (ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean t
                && t.isThreadAllocatedMemorySupported() && t.isThreadAllocatedMemoryEnabled()) {
            return t.getTotalThreadAllocatedBytes();
        }
        return -1;
    }

    /**
     * Bytes a work item allocated, from three readings of {@link #totalBytes}: two back to back before the work
     * (their difference is what reading the counter allocates, taken off) and one after; -1 where the JVM does
     * not count. {@code max(0, (end - second) - (second - first)) / items}.
     */
    public static double perItem(long first, long second, long end, int items) {
        return first < 0 ? -1 : Math.max(0, (end - second) - (second - first)) / (double) items;
    }
}
