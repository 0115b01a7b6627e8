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
}
