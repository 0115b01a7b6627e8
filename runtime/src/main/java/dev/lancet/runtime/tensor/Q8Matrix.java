package dev.lancet.runtime.tensor;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

import static dev.lancet.runtime.tensor.VectorKernels.F;
import static dev.lancet.runtime.tensor.VectorKernels.LANES;

/**
 * Block-int8 weights, llama.cpp's Q8_0: each row is cut into blocks of {@link #BLOCK} weights (the last
 * one shorter when cols is not a multiple of 32); block b has one scale {@code d_b = max|w| / 127}, stored
 * as f16, and quants {@code q = round(w / d_b)} in [-127, 127] (half away from zero). A weight reads back
 * as {@code w' = q * d_b}; the kernels widen exactly that, so a Q8_0 matrix multiplies like the F32
 * matrix of its dequantized values. 34 bytes per 32 weights, against 64 for BF16.
 */
public final class Q8Matrix extends Matrix {
    public static final int BLOCK = 32;
    private static final ValueLayout.OfShort LE_SHORT = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    /**
     * Vector widening needs each chunk of LANES inside one block, and LANES quants to be a vector shape (64 bits at
     * least: 8 lanes or more; with 4 lanes, as on 128-bit NEON or SSE, the rows are widened one weight at a time).
     */
    static final boolean VECTOR_WIDEN = BLOCK % LANES == 0 && F.vectorBitSize() / 4 >= 64;
    /** LANES int8 quants, one chunk (null where VECTOR_WIDEN is false). */
    static final VectorSpecies<Byte> QUANT_CHUNK = VECTOR_WIDEN
            ? VectorSpecies.of(byte.class, VectorShape.forBitSize(F.vectorBitSize() / 4)) : null;
    /**
     * With 4 lanes: 2 * LANES quants as one 64-bit load, widened as two chunks (the halves of the load), so the rows
     * still widen by vectors (a weight at a time, smollm2 q8_0 decoded at 11 tok/s on 128-bit vectors; 22 so).
     */
    static final boolean PAIR_WIDEN = !VECTOR_WIDEN && BLOCK % (2 * LANES) == 0 && F.vectorBitSize() / 2 >= 64;
    static final VectorSpecies<Byte> QUANT_PAIR = PAIR_WIDEN
            ? VectorSpecies.of(byte.class, VectorShape.forBitSize(F.vectorBitSize() / 2)) : null;
    private final MemorySegment quants;

    /**
     * Whether decode widens this matrix in registers (TiledMatmul.tile4x1Q8): by chunks, or with 4 lanes by whole
     * blocks of 8-quant pairs, which needs rows of whole blocks; otherwise its rows go through the scratch.
     */
    boolean decodesInRegisters() {
        return VECTOR_WIDEN || (PAIR_WIDEN && cols % BLOCK == 0);
    }

    private final MemorySegment scales;
    private final int blocksPerRow;

    private Q8Matrix(MemorySegment quants, MemorySegment scales, int rows, int cols) {
        super(rows, cols);
        this.quants = quants;
        this.scales = scales;
        this.blocksPerRow = (cols + BLOCK - 1) / BLOCK;
    }

    /** Quantizes {@code source} row by row into memory from {@code arena}. */
    public static Q8Matrix quantize(Matrix source, Arena arena) {
        int rows = source.rows(), cols = source.cols();
        int blocks = (cols + BLOCK - 1) / BLOCK;
        MemorySegment q = arena.allocate((long) rows * cols, 64);
        MemorySegment d = arena.allocate((long) rows * blocks * 2, 64);
        float[] row = new float[cols];
        for (int r = 0; r < rows; r++) {
            source.copyRow(r, row, 0);
            for (int b = 0; b < blocks; b++) {
                int c0 = b * BLOCK, c1 = Math.min(cols, c0 + BLOCK);
                float amax = 0f;
                for (int c = c0; c < c1; c++) amax = Math.max(amax, Math.abs(row[c]));
                float scale = amax / 127f;
                float inv = scale == 0f ? 0f : 1f / scale;
                d.set(LE_SHORT, 2L * ((long) r * blocks + b), Float.floatToFloat16(scale));
                for (int c = c0; c < c1; c++) {
                    float v = row[c] * inv;
                    int qi = (int) Math.copySign(Math.floor(Math.abs(v) + 0.5f), v);
                    q.set(ValueLayout.JAVA_BYTE, (long) r * cols + c, (byte) Math.max(-127, Math.min(127, qi)));
                }
            }
        }
        return new Q8Matrix(q, d, rows, cols);
    }

    /** int8 quants, row-major (the decode kernel widens them in registers). */
    MemorySegment quants() {
        return quants;
    }

    /** f16 scales, {@code blocksPerRow()} per row. */
    MemorySegment scales() {
        return scales;
    }

    int blocksPerRow() {
        return blocksPerRow;
    }

    @Override
    public WeightFormat format() {
        return WeightFormat.Q8_0;
    }

    @Override
    public long byteSize() {
        return quants.byteSize() + scales.byteSize();
    }

    private float scale(int row, int block) {
        return Float.float16ToFloat(scales.get(LE_SHORT, 2L * ((long) row * blocksPerRow + block)));
    }

    @Override
    public float get(int row, int col) {
        return quants.get(ValueLayout.JAVA_BYTE, (long) row * cols + col) * scale(row, col / BLOCK);
    }

    @Override
    public void copyRow(int row, float[] out, int outOff) {
        for (int c = 0; c < cols; c++) out[outOff + c] = get(row, c);
    }

    @Override
    void widenRows(int r0, int n, MemorySegment dst) {
        for (int j = 0; j < n; j++) {
            int r = r0 + j;
            long q = (long) r * cols;
            long out = 4L * j * cols;
            int c = 0;
            if (VECTOR_WIDEN) {
                for (; c <= cols - LANES; c += LANES) {
                    FloatVector w = (FloatVector) ByteVector.fromMemorySegment(QUANT_CHUNK, quants, q + c, ByteOrder.LITTLE_ENDIAN)
                            .convertShape(VectorOperators.B2F, F, 0);
                    w.mul(scale(r, c / BLOCK)).intoMemorySegment(dst, out + 4L * c, ByteOrder.LITTLE_ENDIAN);
                }
            } else if (PAIR_WIDEN) {
                for (; c <= cols - 2 * LANES; c += 2 * LANES) {
                    ByteVector b = ByteVector.fromMemorySegment(QUANT_PAIR, quants, q + c, ByteOrder.LITTLE_ENDIAN);
                    float d = scale(r, c / BLOCK);
                    ((FloatVector) b.convertShape(VectorOperators.B2F, F, 0)).mul(d).intoMemorySegment(dst, out + 4L * c, ByteOrder.LITTLE_ENDIAN);
                    ((FloatVector) b.convertShape(VectorOperators.B2F, F, 1)).mul(d)
                            .intoMemorySegment(dst, out + 4L * (c + LANES), ByteOrder.LITTLE_ENDIAN);
                }
            }
            for (; c < cols; c++) dst.set(F32Matrix.LE, out + 4L * c, get(r, c));
        }
    }
}
