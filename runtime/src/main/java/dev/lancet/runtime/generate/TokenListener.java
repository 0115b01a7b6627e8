package dev.lancet.runtime.generate;

/** Receives each generated token as soon as it is chosen (for streaming output). */
@FunctionalInterface
public interface TokenListener {
    void onToken(int token);
}
