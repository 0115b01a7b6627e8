package dev.lancet.runtime.tensor;

import dev.lancet.runtime.safetensors.DType;
import dev.lancet.runtime.safetensors.SafetensorsException;
import dev.lancet.runtime.safetensors.SafetensorsWriter;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.function.UnaryOperator;

/**
 * Wraps a tensor's bytes as a {@link Matrix}. F32, BF16 and F16 are read in place from the mapping.
 * With a target format different from the stored one the weights are converted once into memory from
 * {@code arena}: F32/BF16 (round to nearest even)/F16 re-encoding, or Q8_0 quantization.
 */
public final class MatrixLoader {
    private static final ValueLayout.OfShort LE_SHORT = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private MatrixLoader() {
    }

    /** The matrix as stored. */
    public static Matrix wrap(String name, DType dtype, MemorySegment bytes, int rows, int cols) {
        return switch (dtype) {
            case F32 -> new F32Matrix(bytes, rows, cols);
            case BF16 -> new BF16Matrix(bytes, rows, cols);
            case F16 -> new F16Matrix(bytes, rows, cols);
            default -> throw new SafetensorsException("tensor '" + name + "' has dtype " + dtype + "; weights must be F32, F16 or BF16");
        };
    }

    /** The matrix in {@code target} format ({@code null}: as stored), converting into {@code arena} if needed. */
    public static Matrix load(String name, DType dtype, MemorySegment bytes, int rows, int cols, WeightFormat target, Arena arena) {
        Matrix stored = wrap(name, dtype, bytes, rows, cols);
        return target == null ? stored : convert(stored, target, arena);
    }

    /** The same matrix with its bytes copied into {@code arena} when they live in a file mapping. */
    public static Matrix copyIfMapped(Matrix m, Arena arena) {
        return replaceMapped(m, bytes -> arena.allocate(bytes.byteSize(), 64).copyFrom(bytes));
    }

    /**
     * The same matrix over a plain native segment at the same address (scoped to {@code arena}) when its
     * bytes are a file mapping. The kernels then see one segment class, copied or mapped: with both
     * classes in play (mapped weights, native scratch) C2 compiles every Vector API load of the kernel
     * polymorphic, and F32 decode streamed at 12 GB/s instead of 17 (measured on the same bytes; this,
     * not the page cache, was the "mapped memory is slower" of earlier notes). Reading in place is unchanged:
     * no byte is copied, the pages stay file-backed. Uses the restricted {@code reinterpret}
     * (--enable-native-access); without that permission the mapped segment is kept.
     */
    public static Matrix plainView(Matrix m, Arena arena) {
        if (!MatrixLoader.class.getModule().isNativeAccessEnabled()) return m;
        return replaceMapped(m, mapped -> MemorySegment.ofAddress(mapped.address()).reinterpret(mapped.byteSize(), arena, null));
    }

    /** The same matrix over {@code replace(bytes)} when its bytes are a file mapping; otherwise m itself. */
    private static Matrix replaceMapped(Matrix m, UnaryOperator<MemorySegment> replace) {
        return switch (m) {
            case F32Matrix f when f.data().isMapped() -> new F32Matrix(replace.apply(f.data()), m.rows(), m.cols());
            case BF16Matrix b when b.data().isMapped() -> new BF16Matrix(replace.apply(b.data()), m.rows(), m.cols());
            case F16Matrix h when h.data().isMapped() -> new F16Matrix(replace.apply(h.data()), m.rows(), m.cols());
            default -> m;
        };
    }

    /** {@code source} in {@code target} format; the same object when it already is. */
    public static Matrix convert(Matrix source, WeightFormat target, Arena arena) {
        if (source.format() == target) return source;
        int rows = source.rows(), cols = source.cols();
        if (target == WeightFormat.Q8_0) return Q8Matrix.quantize(source, arena);
        int bytes = target == WeightFormat.F32 ? 4 : 2;
        MemorySegment dst = arena.allocate((long) rows * cols * bytes, 64);
        float[] row = new float[cols];
        for (int r = 0; r < rows; r++) {
            source.copyRow(r, row, 0);
            long base = (long) r * cols;
            for (int c = 0; c < cols; c++) {
                switch (target) {
                    case F32 -> dst.set(F32Matrix.LE, 4 * (base + c), row[c]);
                    case BF16 -> dst.set(LE_SHORT, 2 * (base + c), SafetensorsWriter.toBf16(row[c]));
                    case F16 -> dst.set(LE_SHORT, 2 * (base + c), Float.floatToFloat16(row[c]));
                    default -> throw new IllegalStateException(target.toString());
                }
            }
        }
        return switch (target) {
            case F32 -> new F32Matrix(dst, rows, cols);
            case BF16 -> new BF16Matrix(dst, rows, cols);
            case F16 -> new F16Matrix(dst, rows, cols);
            default -> throw new IllegalStateException(target.toString());
        };
    }
}
