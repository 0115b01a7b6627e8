package dev.lancet.bench;

import java.util.SplittableRandom;

/** Benchmark inputs: floats uniform in [-1, 1) from a seeded generator, the same on every run (kernel costs do not depend on the values). */
public final class SeededFloats {
    private SeededFloats() {
    }

    /** The next {@code n} values of {@code r}. */
    public static float[] uniform(SplittableRandom r, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) v[i] = (float) (r.nextDouble() * 2 - 1);
        return v;
    }

    /** {@code n} values from a generator seeded with {@code seed}. */
    public static float[] uniform(long seed, int n) {
        return uniform(new SplittableRandom(seed), n);
    }
}
