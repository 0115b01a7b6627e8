package dev.lancet.runtime.backend;

import dev.lancet.runtime.LancetException;

import java.util.Locale;

/**
 * What a KV cache stores each key and value as. F32 is exact (the default: every golden and bit-identity
 * guarantee is stated for it). BF16 and F16 halve the cache and the bytes a decode step reads from it, at a
 * rounding of each key and value to the nearest 16-bit code (relative error at most 2^-9 for bf16, 2^-12 for
 * f16 in its normal range, which ends at 65504; beyond it f16 stores infinity): llama.cpp's {@code
 * --cache-type-k/-v f16} and {@code bf16}.
 */
public enum KvPrecision {
    F32(4), BF16(2), F16(2);

    private final int bytes;

    KvPrecision(int bytes) {
        this.bytes = bytes;
    }

    /** Bytes a stored key or value element takes. */
    public int bytes() {
        return bytes;
    }

    /** The lower-case name used on the command line and in JSON ({@code f32}, {@code bf16}, {@code f16}). */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** {@code f32}, {@code bf16} or {@code f16} (any case); anything else is an error that names the value. */
    public static KvPrecision parse(String s) {
        for (KvPrecision p : values()) if (p.name().equalsIgnoreCase(s.trim())) return p;
        throw new LancetException("unknown KV cache type '" + s + "': expected f32, bf16 or f16");
    }
}
