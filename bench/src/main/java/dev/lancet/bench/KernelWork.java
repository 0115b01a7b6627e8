package dev.lancet.bench;

import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * Work a kernel benchmark counts per second beside its ops/s (JMH aux counters): bytes read (GB/s = bytes/s / 1e9)
 * and floating-point operations done (2 per multiply-add).
 */
@AuxCounters(AuxCounters.Type.OPERATIONS)
@State(Scope.Thread)
public class KernelWork {
    public long bytes;
    public long flops;
}
