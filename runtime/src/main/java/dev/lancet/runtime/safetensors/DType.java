package dev.lancet.runtime.safetensors;

import java.util.Locale;
import java.util.Optional;

/** Element types of a safetensors file. Lancet computes with F32, F16 and BF16; the others are recognised so errors can name them. */
public enum DType {
    F64(8), F32(4), F16(2), BF16(2), I64(8), I32(4), I16(2), I8(1), U8(1), BOOL(1),
    F8_E4M3(1), F8_E5M2(1), U16(2), U32(4), U64(8);

    private final int bytes;

    DType(int bytes) {
        this.bytes = bytes;
    }

    public int bytes() {
        return bytes;
    }

    /** True for the dtypes whose weights the kernels read (widening F16/BF16 to float). */
    public boolean isFloatWeight() {
        return this == F32 || this == F16 || this == BF16;
    }

    public static Optional<DType> parse(String name) {
        try {
            return Optional.of(valueOf(name.toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
