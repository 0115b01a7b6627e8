package dev.lancet.runtime.tensor;

import dev.lancet.runtime.LancetException;

import java.util.Locale;

/**
 * How a weight matrix is held in memory for the kernels. F32, BF16 and F16 can be read in place from
 * a checkpoint; Q8_0 exists only after quantization on load (llama.cpp's block-int8 layout: 32 weights
 * share one f16 scale).
 */
public enum WeightFormat {
    F32("f32", 4.0),
    BF16("bf16", 2.0),
    F16("f16", 2.0),
    /** 32 int8 quants + one f16 scale per block: 34 bytes per 32 weights. */
    Q8_0("q8_0", 34.0 / 32.0);

    private final String id;
    private final double bytesPerWeight;

    WeightFormat(String id, double bytesPerWeight) {
        this.id = id;
        this.bytesPerWeight = bytesPerWeight;
    }

    /** The lower-case name used on the command line and in JSON ({@code f32}, {@code q8_0}). */
    public String id() {
        return id;
    }

    public double bytesPerWeight() {
        return bytesPerWeight;
    }

    public static WeightFormat parse(String name) {
        String n = name.toLowerCase(Locale.ROOT).replace('-', '_');
        for (WeightFormat f : values()) if (f.id.equals(n)) return f;
        throw new LancetException("unknown weight dtype '" + name + "' (known: f32, bf16, f16, q8_0)");
    }

    @Override
    public String toString() {
        return id;
    }
}
