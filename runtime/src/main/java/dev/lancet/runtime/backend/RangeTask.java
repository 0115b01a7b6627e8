package dev.lancet.runtime.backend;

/** Work over an index range [from, to); one thread owns each range. {@code worker} (0-based) picks its scratch. */
@FunctionalInterface
public interface RangeTask {
    void run(int worker, int from, int to);
}
