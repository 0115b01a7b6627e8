package dev.lancet.runtime.tensor;

import dev.lancet.runtime.safetensors.DType;
import dev.lancet.runtime.safetensors.SafetensorsException;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * Wraps a tensor's bytes as a {@link Matrix}. F32 and BF16 are read in place from the mapping;
 * F16 is widened once to F32 in {@code arena} (the kernels then read F32).
 */
public final class MatrixLoader {
    private static final ValueLayout.OfShort LE_SHORT = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfFloat LE_FLOAT = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private MatrixLoader() {
    }

    public static Matrix wrap(String name, DType dtype, MemorySegment bytes, int rows, int cols, Arena arena) {
        return switch (dtype) {
            case F32 -> new F32Matrix(bytes, rows, cols);
            case BF16 -> new BF16Matrix(bytes, rows, cols);
            case F16 -> new F32Matrix(widenF16(bytes, arena), rows, cols);
            default -> throw new SafetensorsException("tensor '" + name + "' has dtype " + dtype + "; weights must be F32, F16 or BF16");
        };
    }

    private static MemorySegment widenF16(MemorySegment src, Arena arena) {
        long n = src.byteSize() / 2;
        MemorySegment dst = arena.allocate(n * 4, 64);
        for (long i = 0; i < n; i++) dst.set(LE_FLOAT, 4 * i, Float.float16ToFloat(src.get(LE_SHORT, 2 * i)));
        return dst;
    }
}
