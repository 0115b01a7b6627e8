package dev.lancet.cli;

import picocli.CommandLine.Option;

/**
 * Options that mean the same on every command where they apply: {@code --threads N},
 * {@code --verbose}, {@code --json}. Mixed into commands with {@code @Mixin}.
 */
public final class CommonOptions {
    @Option(names = "--threads", paramLabel = "N",
            description = "Worker threads (default: available processors). Results are bit-identical for any N.")
    public Integer threads;

    @Option(names = "--verbose", description = "Log details to stderr; stack traces on errors.")
    public boolean verbose;

    @Option(names = "--json", description = "Print the result as JSON on stdout.")
    public boolean json;

    public int threadCount() {
        int n = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
        if (n < 1) throw new IllegalArgumentException("--threads must be >= 1, got " + n);
        return n;
    }
}
