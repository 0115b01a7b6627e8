package dev.lancet.runtime.tensor;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The tiled kernel gives every (row, token) element the same bits whatever the batch size, the row
 * range it is computed in and the tile that computes it, and those bits are a correct dot product.
 */
class KernelOrderTest {
    static final ValueLayout.OfFloat LE = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    /** n inputs uniform in [-1, 1) from {@code seed}. */
    static float[] randomInput(int n, long seed) {
        float[] x = new float[n];
        SplittableRandom r = new SplittableRandom(seed);
        for (int i = 0; i < n; i++) x[i] = (float) (r.nextDouble() * 2 - 1);
        return x;
    }

    static MemorySegment randomF32(Arena arena, int rows, int cols, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        MemorySegment s = arena.allocate(4L * rows * cols, 64);
        for (long i = 0; i < (long) rows * cols; i++) s.set(LE, 4 * i, (float) (r.nextDouble() * 2 - 1));
        return s;
    }

    /**
     * Odd sizes: row tails (37 % 4 and % 6), column tails (131 % lanes), token tails (9 % 4 and % 2); and rows of whole
     * Q8_0 blocks (96 columns), which Q8_0 decode widens in registers a block at a time at every vector width; and
     * rows whose BF16 decode ends in an odd block of 2 x LANES columns after its two-block steps (16 vector registers),
     * then a half block and scalar columns (7 x LANES + 3), or in one block, a half and scalar columns (3 x LANES + 7);
     * and a longer row (817 columns).
     */
    @ParameterizedTest
    @MethodSource("oddColumnCounts")
    void everyBatchSizeAndRowSplitGivesTheSameBits(int cols) {
        int rows = 37, tokens = 9;
        try (Arena arena = Arena.ofConfined()) {
            for (WeightFormat f : WeightFormat.values()) {
                Matrix w = MatrixLoader.convert(new F32Matrix(randomF32(arena, rows, cols, 3), rows, cols), f, arena);
                MatmulScratch scratch = new MatmulScratch(arena, cols);
                float[] x = randomInput(tokens * cols, 5);
                float[] all = new float[tokens * rows];
                w.multiply(x, 0, tokens, all, 0, 0, rows, scratch);
                for (int t = 0; t < tokens; t++) {
                    float[] one = new float[rows];
                    // a different split: rows one at a time, then in uneven ranges
                    for (int row = 0; row < rows; row++) w.multiply(x, t * cols, 1, one, 0, row, row + 1, scratch);
                    float[] split = new float[rows];
                    w.multiply(x, t * cols, 1, split, 0, 0, 6, scratch);
                    w.multiply(x, t * cols, 1, split, 0, 6, 23, scratch);
                    w.multiply(x, t * cols, 1, split, 0, 23, rows, scratch);
                    for (int row = 0; row < rows; row++) {
                        int bits = Float.floatToRawIntBits(all[t * rows + row]);
                        assertEquals(bits, Float.floatToRawIntBits(one[row]), f + " row " + row + " token " + t);
                        assertEquals(bits, Float.floatToRawIntBits(split[row]), f + " row " + row + " token " + t);
                        double exact = 0;
                        for (int c = 0; c < cols; c++) exact += (double) w.get(row, c) * x[t * cols + c];
                        assertTrue(Math.abs(exact - all[t * rows + row]) < 1e-4, f + " value " + all[t * rows + row] + " vs " + exact);
                    }
                }
            }
        }
    }

    static IntStream oddColumnCounts() {
        return IntStream.of(131, 96, 7 * VectorKernels.LANES + 3, 3 * VectorKernels.LANES + 7, 817);
    }

    /**
     * A caller that reorders the input once and stages it once (as the CPU backend does for all its threads) gets
     * the same bits, as does one that leaves the staging to each call; decode (3 tokens) and a batch (9).
     */
    @ParameterizedTest
    @ValueSource(ints = {3, 9})
    void inputReorderedAndStagedOnceByTheCallerGivesTheSameBits(int tokens) {
        int rows = 41, cols = 3 * VectorKernels.LANES + 7;
        try (Arena arena = Arena.ofConfined()) {
            for (WeightFormat f : WeightFormat.values()) {
                Matrix w = MatrixLoader.convert(new F32Matrix(randomF32(arena, rows, cols, 11), rows, cols), f, arena);
                MatmulScratch scratch = new MatmulScratch(arena, cols);
                float[] x = randomInput(2 + tokens * cols, 13);
                float[] expected = new float[tokens * rows], actual = new float[tokens * rows], unstaged = new float[tokens * rows];
                w.multiply(x, 2, tokens, expected, 0, 0, rows, scratch);
                float[] reordered = new float[tokens * cols];
                w.toKernelOrder(x, 2, tokens, reordered, 0);
                StagedInput staged = null;
                if (StagedInput.usedFor(tokens)) {
                    staged = new StagedInput(arena, cols);
                    staged.stage(reordered, 0, tokens, cols);
                }
                w.multiplyInKernelOrder(reordered, 0, tokens, staged, actual, 0, 0, 17, scratch);
                w.multiplyInKernelOrder(reordered, 0, tokens, staged, actual, 0, 17, rows, scratch);
                w.multiplyInKernelOrder(reordered, 0, tokens, null, unstaged, 0, 0, rows, scratch);
                for (int i = 0; i < expected.length; i++) {
                    assertEquals(Float.floatToRawIntBits(expected[i]), Float.floatToRawIntBits(actual[i]), f + " element " + i);
                    assertEquals(Float.floatToRawIntBits(expected[i]), Float.floatToRawIntBits(unstaged[i]), f + " element " + i);
                }
            }
        }
    }

    /**
     * A batch tile's results land on their own elements and nowhere else: a product over rows [3, 21) of a 24-row
     * matrix for 4 tokens (three 6-row blocks) writes exactly those rows of each token's output (the elements around
     * them, the output array's first and last, keep their sentinel), with the bits of one token at a time; and a
     * 6-row, 4-token product fills an output of exactly its size (its tile's stores reach the array's end). Columns
     * with and without a tail (of {@code tail} columns).
     */
    @ParameterizedTest
    @ValueSource(ints = {0, 5})
    void batchTileWritesItsOwnElementsOnly(int tail) {
        int tokens = 4, cols = 2 * VectorKernels.LANES + tail;
        try (Arena arena = Arena.ofConfined()) {
            for (WeightFormat f : WeightFormat.values()) {
                for (int[] shape : new int[][]{{24, 3, 21}, {6, 0, 6}}) {
                    int rows = shape[0], from = shape[1], to = shape[2];
                    Matrix w = MatrixLoader.convert(new F32Matrix(randomF32(arena, rows, cols, 5), rows, cols), f, arena);
                    MatmulScratch scratch = new MatmulScratch(arena, cols);
                    float[] x = randomInput(tokens * cols, 7);
                    float[] out = new float[tokens * rows];
                    Arrays.fill(out, Float.NaN);
                    w.multiply(x, 0, tokens, out, 0, from, to, scratch);
                    float[] one = new float[rows];
                    for (int t = 0; t < tokens; t++) {
                        w.multiply(x, t * cols, 1, one, 0, from, to, scratch);
                        for (int row = 0; row < rows; row++) {
                            float got = out[t * rows + row];
                            String where = f + " " + rows + " rows, token " + t + ", row " + row;
                            if (row < from || row >= to) assertTrue(Float.isNaN(got), where + " was written: " + got);
                            else assertEquals(Float.floatToRawIntBits(one[row]), Float.floatToRawIntBits(got), where);
                        }
                    }
                }
            }
        }
    }

    /**
     * A staged input of another batch's shape is refused where the batch tile reads staged input (16 lanes), and
     * never read where it does not (the product is then the unstaged one).
     */
    @Test
    void stagedInputOfAnotherBatchIsRefusedOrUnread() {
        int rows = 12, cols = 2 * VectorKernels.LANES, tokens = 8;
        try (Arena arena = Arena.ofConfined()) {
            Matrix w = new F32Matrix(randomF32(arena, rows, cols, 1), rows, cols);
            MatmulScratch scratch = new MatmulScratch(arena, cols);
            float[] x = randomInput(tokens * cols, 2), out = new float[tokens * rows], expected = new float[tokens * rows];
            StagedInput staged = new StagedInput(arena, cols);
            staged.stage(new float[tokens * cols], 0, tokens - 4, cols);
            if (StagedInput.usedFor(tokens)) {
                IllegalStateException e = assertThrows(IllegalStateException.class,
                        () -> w.multiplyInKernelOrder(x, 0, tokens, staged, out, 0, 0, rows, scratch));
                assertTrue(e.getMessage().contains("staged"), e.getMessage());
            } else {
                w.multiplyInKernelOrder(x, 0, tokens, staged, out, 0, 0, rows, scratch);
                w.multiply(x, 0, tokens, expected, 0, 0, rows, scratch);
                for (int i = 0; i < out.length; i++) assertEquals(Float.floatToRawIntBits(expected[i]), Float.floatToRawIntBits(out[i]));
            }
            IllegalArgumentException wide = assertThrows(IllegalArgumentException.class,
                    () -> staged.stage(new float[tokens * (cols + 1)], 0, tokens, cols + 1));
            assertTrue(wide.getMessage().contains(String.valueOf(cols + 1)), wide.getMessage());
        }
    }

    @Test
    void widenedRowsEqualElementReads() {
        int rows = 5, cols = 77;
        try (Arena arena = Arena.ofConfined()) {
            for (WeightFormat f : WeightFormat.values()) {
                Matrix w = MatrixLoader.convert(new F32Matrix(randomF32(arena, rows, cols, 9), rows, cols), f, arena);
                MemorySegment dst = arena.allocate(4L * rows * cols, 64);
                w.widenRows(1, 4, dst);
                for (int r = 1; r < rows; r++) {
                    for (int c = 0; c < cols; c++) {
                        assertEquals(Float.floatToRawIntBits(w.get(r, w.kernelColumn(c))), Float.floatToRawIntBits(dst.get(LE, 4L * ((r - 1) * cols + c))), f + " " + r + "," + c);
                    }
                }
            }
        }
    }

    /** The kernel order of a lane-pairing format is a permutation of the columns, and the input is paired to match it. */
    @Test
    void pairedKernelOrderIsAPermutationAndTheInputFollowsIt() {
        for (int cols : new int[]{1, VectorKernels.LANES, 2 * VectorKernels.LANES, 5 * VectorKernels.LANES + 3, 576, 131}) {
            boolean[] seen = new boolean[cols];
            float[] x = new float[cols + 2], paired = new float[cols + 5];
            for (int c = 0; c < cols; c++) x[2 + c] = c;
            TiledMatmul.pairInput(x, 2, paired, 5, cols);
            for (int k = 0; k < cols; k++) {
                int c = TiledMatmul.pairedColumn(k, cols);
                assertTrue(c >= 0 && c < cols && !seen[c], "cols " + cols + " position " + k + " -> " + c);
                seen[c] = true;
                assertEquals(c, (int) paired[5 + k], "cols " + cols + " position " + k);
            }
        }
    }

    /**
     * The F16 decode tile widens in registers; the batch path widens through widenRows. Rows holding
     * infinities, NaNs, subnormals, the largest half and -0 must give the same bits both ways (a widening
     * that skipped the special case would turn an infinity into 65536-ish and a finite sum).
     */
    @Test
    void f16DecodeWidensSpecialHalvesAsTheBatchPathDoes() {
        int rows = 9, cols = 3 * VectorKernels.LANES + 5, tokens = 4;
        short[] specials = {(short) 0x7c00, (short) 0xfc00, (short) 0x7e01, (short) 0x7d00, (short) 0x0001, (short) 0x83ff,
                (short) 0x7bff, (short) 0x8000};
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment halves = arena.allocate(2L * rows * cols, 64);
            SplittableRandom r = new SplittableRandom(17);
            for (int row = 0; row < rows; row++) {
                for (int c = 0; c < cols; c++) {
                    short h = Float.floatToFloat16((float) (r.nextDouble() * 2 - 1));
                    if (row > 0 && c == (row * 7) % cols) h = specials[row - 1];
                    halves.set(ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN), 2L * (row * cols + c), h);
                }
            }
            F16Matrix w = new F16Matrix(halves, rows, cols);
            float[] x = new float[tokens * cols];
            for (int c = 0; c < cols; c++) x[c] = (float) (r.nextDouble() * 2 - 1);
            for (int t = 1; t < tokens; t++) System.arraycopy(x, 0, x, t * cols, cols);
            MatmulScratch scratch = new MatmulScratch(arena, cols);
            float[] decode = new float[rows], batch = new float[tokens * rows];
            w.multiply(x, 0, 1, decode, 0, 0, rows, scratch);
            w.multiply(x, 0, tokens, batch, 0, 0, rows, scratch);
            for (int row = 0; row < rows; row++) {
                assertEquals(Float.floatToRawIntBits(batch[row]), Float.floatToRawIntBits(decode[row]),
                        "row " + row + ": decode " + decode[row] + ", batch " + batch[row]);
            }
            assertTrue(Float.isInfinite(decode[1]) || Float.isNaN(decode[1]), "an infinite weight gives " + decode[1]);
            assertTrue(Float.isNaN(decode[3]), "a NaN weight gives " + decode[3]);
        }
    }

    /** The integer-lane half-float widening agrees with Float.float16ToFloat on all 65536 bit patterns. */
    @Test
    void f16WideningIsExactForEveryHalf() {
        int n = 1 << 16;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment halves = arena.allocate(2L * n, 64);
            for (int i = 0; i < n; i++) halves.set(ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN), 2L * i, (short) i);
            F16Matrix m = new F16Matrix(halves, 1, n);
            MemorySegment dst = arena.allocate(4L * n, 64);
            m.widenRows(0, 1, dst);
            for (int i = 0; i < n; i++) {
                assertEquals(Float.floatToRawIntBits(Float.float16ToFloat((short) i)), Float.floatToRawIntBits(dst.get(LE, 4L * i)),
                        "half 0x" + Integer.toHexString(i));
            }
        }
    }
}
