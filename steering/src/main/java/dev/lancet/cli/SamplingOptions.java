package dev.lancet.cli;

import dev.lancet.runtime.sampling.SamplingConfig;
import picocli.CommandLine.Option;

/** Sampling flags shared by generate and chat. Temperature 0 (the default) is greedy. */
public final class SamplingOptions {
    @Option(names = "--temperature", paramLabel = "T", defaultValue = "0", description = "0 = greedy (default).")
    public float temperature;
    @Option(names = "--top-k", paramLabel = "K", defaultValue = "0", description = "Keep the K most likely tokens (0 = off).")
    public int topK;
    @Option(names = "--top-p", paramLabel = "P", defaultValue = "1", description = "Nucleus sampling threshold (1 = off).")
    public float topP;
    @Option(names = "--min-p", paramLabel = "P", defaultValue = "0", description = "Drop tokens below P x the top probability (0 = off).")
    public float minP;
    @Option(names = "--repetition-penalty", paramLabel = "R", defaultValue = "1", description = "HF-style repetition penalty (1 = off).")
    public float repetitionPenalty;
    @Option(names = "--seed", paramLabel = "S", defaultValue = "42", description = "Random seed (default: ${DEFAULT-VALUE}).")
    public long seed;

    public SamplingConfig config() {
        return new SamplingConfig(temperature, topK, topP, minP, repetitionPenalty, seed);
    }
}
