package dev.lancet.runtime.backend;

/** Work over an index range [from, to); one thread owns each range. */
@FunctionalInterface
public interface RangeTask {
    void run(int from, int to);
}
