package dev.lancet.runtime.tensor;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

import static dev.lancet.runtime.tensor.VectorKernels.F;
import static dev.lancet.runtime.tensor.VectorKernels.LANES;
import static dev.lancet.runtime.tensor.VectorKernels.SWAP1;
import static dev.lancet.runtime.tensor.VectorKernels.SWAP2;
import static dev.lancet.runtime.tensor.VectorKernels.SWAP4;
import static dev.lancet.runtime.tensor.VectorKernels.SWAP8;

/**
 * {@code out[t][r] = W[r] . x[t]} over a block of rows for a batch of tokens, register-tiled: a tile of
 * 4 rows x 4 tokens keeps 16 accumulators, loads each weight vector once for 4 tokens and each input
 * vector once for 4 rows (6 rows x 2 tokens, 12 accumulators, where the vector registers are 16: see
 * SIX_BY_TWO; 6 rows x 4 tokens over a cache-line-aligned copy of the input with 16 lanes: see SIX_BY_FOUR).
 * Rows are taken 4 (or 6) at a time (widened to float32 into the thread's scratch unless
 * they are F32 already, in kernel order: see {@link Matrix}), and that block stays in L1 while every
 * token of the batch passes over it, so a weight is read from memory once per batch, not once per token.
 * Decode (one to three tokens, {@code fewTokens}) runs 4x1 tiles over rows a quarter of the range apart
 * (four long streams for the prefetcher) and widens BF16, F16 and Q8_0 rows in registers, without the trip
 * through the scratch.
 *
 * <p>Whatever the tile shape, each (row, token) element gets its own accumulator and is summed in the
 * canonical order of {@link VectorKernels}; the 6x4, 4x4, 6x2, 4x1, 1x4 and 1x1 tiles therefore give bit-identical
 * values, and so do any row split over threads and any batch size.
 */
final class TiledMatmul {
    static final int ROW_BLOCK = 4;
    /**
     * With 8 lanes (AVX2: 16 vector registers) batches go by 6 rows x 2 tokens: 12 accumulators, 2 inputs and a
     * weight fit the register file, where the 4x4 tile's 16 accumulators made C2 keep 7 of them on the stack
     * (a load and a store around each of their fmas). On the smollm2 prefill pattern, alternated in one process
     * on Zen 3: the matrix products of a 128-token batch 1.04-1.22x as fast in f32, 1.14-1.19x in bf16, 1.23x in
     * q8_0. NEON (4 lanes, 32 registers) keeps the 4x4 tile; AVX-512 goes by 6x4 (SIX_BY_FOUR).
     */
    private static final boolean SIX_BY_TWO = LANES == 8;
    /**
     * With 16 lanes (AVX-512: 32 registers) batches go by 6 rows x 4 tokens, the input read from a copy whose rows
     * start on cache lines ({@link StagedInput}). A 64-byte load from a float[] row (16 bytes past a heap
     * object's 8-byte-aligned start) splits two cache lines: with aligned rows (heap objects aligned to 64 bytes
     * for the experiment) the 4x4 tile ran 1.2-1.3x as fast (Xeon, one thread, 64 rows x 128 tokens, in cache),
     * but over the copy C2 unrolled its loop four times and hoisted the loads, spilling the accumulators (no faster
     * than before); 6x4's larger body is left as one chunk a step: 24 accumulators, 4 inputs and a weight in 29 of
     * the 32 registers, 10 loads for 24 fmas. Products of a 128-token batch 1.13-1.26x, then 1.12-1.17x more with
     * a transposed reduction of all 24 accumulators (one thread, 1536 x 576; since then done in the tile's
     * registers, see tile6x4).
     */
    private static final boolean SIX_BY_FOUR = LANES == 16;
    /**
     * BF16 decode takes two blocks of 2 x LANES columns a step where there are 16 vector registers (8 lanes, see
     * stridedTilesBf16) and one where there are 32 (16 lanes; and 4-lane NEON): on the Xeon one block a step
     * streamed smollm2's matrices 4-10% faster (a one-off harness, both loops alternated in one process).
     */
    private static final boolean BF16_TWO_BLOCKS = LANES == 8;
    private static final int SIX = 6;
    /** Rows the scratch holds: the widest row block of any tile. */
    private static final int SCRATCH_ROWS = SIX_BY_TWO || SIX_BY_FOUR ? SIX : ROW_BLOCK;
    /** 16-bit lanes, as many as the float species has: bf16 and f16 weights. */
    private static final VectorSpecies<Short> HALVES = VectorSpecies.of(short.class, VectorShape.forBitSize(F.vectorBitSize() / 2));
    private static final VectorSpecies<Integer> I32 = VectorSpecies.of(int.class, F.vectorShape());
    /** LANES int8 quants (null with 4 lanes, where Q8_0 decode goes through the scratch). */
    private static final VectorSpecies<Byte> I8 = Q8Matrix.QUANT_CHUNK;
    /** 2 * LANES int8 lanes: one Q8_0 block when LANES is 16. */
    private static final VectorSpecies<Byte> I8_BLOCK = VectorSpecies.of(byte.class, VectorShape.forBitSize(F.vectorBitSize() / 2));
    private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;
    private static final ValueLayout.OfShort LE_SHORT = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(LE);
    private static final VectorShuffle<Float> UNZIP_EVEN = VectorShuffle.makeUnzip(F, 0);
    private static final VectorShuffle<Float> UNZIP_ODD = VectorShuffle.makeUnzip(F, 1);
    /** Lane i takes lane 2i (the even lanes first): tile6x4's last eight sums, one in every other lane, packed. */
    private static final VectorShuffle<Float> EVEN_FIRST = VectorShuffle.fromOp(F, i -> (2 * i) % LANES);

    private TiledMatmul() {
    }

    /** Bytes of per-thread scratch for a matrix of {@code cols} columns: widened rows, then up to 16 spilled accumulators. */
    static long scratchBytes(int cols) {
        return accOffset(cols) + ACC_BYTES;
    }

    /** Where the spilled accumulators start in the scratch: after the widest block of widened rows. */
    private static long accOffset(int cols) {
        return (long) SCRATCH_ROWS * cols * Float.BYTES;
    }

    /** Room for 16 spilled accumulators: the most any tile spills (tile4x4 below 16 lanes; tile6x4 leaves two vectors). */
    private static final long ACC_BYTES = 16L * LANES * Float.BYTES;

    /**
     * Whether a batch of this many tokens reads a {@link StagedInput} (the 6x4 tile: 16 lanes, 4+ tokens; a range of
     * fewer than 6 rows leaves it unread).
     */
    static boolean readsStagedInput(int tokens) {
        return SIX_BY_FOUR && tokens >= 4;
    }

    /**
     * {@code inKernelOrder}: x is already permuted into the rows' kernel order (see {@link Matrix#toKernelOrder});
     * {@code staged}: null, or x's rows staged by the caller (in the same order).
     */
    static void multiply(Matrix w, float[] x, int xOff, int tokens, float[] out, int outOff, int rowFrom, int rowTo,
                         MatmulScratch work, boolean inKernelOrder, StagedInput staged) {
        int cols = w.cols();
        MemorySegment scratch = work.rows();
        if (w.pairsLanes() && !inKernelOrder) {
            // the input in the rows' kernel order, so that every tile below sums the same sequence
            float[] paired = work.input(tokens * cols);
            w.toKernelOrder(x, xOff, tokens, paired, 0);
            x = paired;
            xOff = 0;
        }
        // Decode and batches are separate methods so that each is compiled from its own profile: compiled
        // from a prefill's profile first, a shared loop ran decode at half speed for q8_0 (measured).
        if (tokens < 4) fewTokens(w, x, xOff, tokens, out, outOff, rowFrom, rowTo, scratch);
        else batch(w, x, xOff, tokens, out, outOff, rowFrom, rowTo, work, staged);
    }

    /**
     * One to three tokens (decode), each row once per token, read in place and widened in registers (F32,
     * BF16, F16, Q8_0). The range's rows are dealt to 4-row tiles by stride: with {@code q = rows / 4}, tile i takes rows
     * i, i+q, i+2q, i+3q. Each of a tile's four rows then continues, in memory, with the row the next tile
     * reads in its place, so the core streams four long runs through separate pages, which the hardware
     * prefetcher follows; four adjacent short rows put four streams in one page and it follows one of them
     * (smollm2's 576-column BF16 matrices, 2 threads: 13-17 GB/s with adjacent rows, 17-20 GB/s strided,
     * lm_head 14-20 -> 21-24 GB/s, against a 26 GB/s probe).
     * Which rows share a tile changes no sum: each row has its own accumulator.
     */
    private static void fewTokens(Matrix w, float[] x, int xOff, int tokens, float[] out, int outOff, int rowFrom, int rowTo,
                                  MemorySegment scratch) {
        if (w instanceof Q8Matrix qm && !qm.decodesInRegisters()) {
            widenedFewTokens(w, x, xOff, tokens, out, outOff, rowFrom, rowTo, scratch);
            return;
        }
        int cols = w.cols(), rows = w.rows();
        long acc = accOffset(cols);
        if (w instanceof F16Matrix h) { // one row at a time: the rows are one sequential stream
            for (int r = rowFrom; r < rowTo; r++) {
                for (int t = 0; t < tokens; t++) {
                    int xt = xOff + t * cols;
                    int c = tile1x1F16(h.data(), r * 2L * cols, cols, x, xt, scratch, acc);
                    finish(scratch, acc, true, 1, 1, 1, w, r, c, cols, x, xt, out, outOff + t * rows + r, rows);
                }
            }
            return;
        }
        int q = (rowTo - rowFrom) / ROW_BLOCK;
        if (w instanceof BF16Matrix b) stridedTilesBf16(b, x, xOff, tokens, out, outOff, rowFrom, q);
        else if (w instanceof F32Matrix f) stridedTilesF32(f, x, xOff, tokens, out, outOff, rowFrom, q);
        else for (int i = 0; i < q; i++) { // Q8_0, its tiles reduced in registers (finish's summed)
            int r = rowFrom + i;
            for (int t = 0; t < tokens; t++) {
                int xt = xOff + t * cols;
                int c = tile4x1Q8((Q8Matrix) w, r, q, cols, x, xt, scratch, acc);
                finish(scratch, acc, true, 4, 1, q, w, r, c, cols, x, xt, out, outOff + t * rows + r, rows);
            }
        }
        for (int r = rowFrom + ROW_BLOCK * q; r < rowTo; r++) {
            MemorySegment m = rowBlock(w, r, 1, scratch);
            long base = m == scratch ? 0 : r * 4L * cols;
            for (int t = 0; t < tokens; t++) {
                int xt = xOff + t * cols;
                int c = tile1x1(m, base, cols, x, xt, scratch, acc);
                finish(scratch, acc, 1, 1, 1, w, r, c, cols, x, xt, out, outOff + t * rows + r, rows);
            }
        }
    }

    /**
     * Decode through the scratch, for Q8_0 where LANES quants are no vector shape or a chunk could straddle two
     * blocks (4 lanes: 128-bit NEON or SSE): blocks of 4 adjacent rows, widened once for all tokens.
     */
    private static void widenedFewTokens(Matrix w, float[] x, int xOff, int tokens, float[] out, int outOff, int rowFrom,
                                         int rowTo, MemorySegment scratch) {
        int cols = w.cols(), rows = w.rows();
        long acc = accOffset(cols);
        for (int r = rowFrom; r < rowTo; r += ROW_BLOCK) {
            int n = Math.min(ROW_BLOCK, rowTo - r);
            MemorySegment m = rowBlock(w, r, n, scratch);
            long rs = 4L * cols, base = m == scratch ? 0 : r * rs;
            for (int t = 0; t < tokens; t++) {
                int xt = xOff + t * cols, o = outOff + t * rows + r;
                if (n == ROW_BLOCK) {
                    int c = tile4x1(m, base, rs, cols, x, xt, scratch, acc);
                    finish(scratch, acc, 4, 1, 1, w, r, c, cols, x, xt, out, o, rows);
                } else {
                    for (int j = 0; j < n; j++) {
                        int c = tile1x1(m, base + j * rs, cols, x, xt, scratch, acc);
                        finish(scratch, acc, 1, 1, 1, w, r + j, c, cols, x, xt, out, o + j, rows);
                    }
                }
            }
        }
    }

    /** Rows r..r+n-1 as float32: F32 rows in place (at r * 4 * cols), any other format widened into the scratch (at 0). */
    private static MemorySegment rowBlock(Matrix w, int r, int n, MemorySegment scratch) {
        if (w instanceof F32Matrix f) return f.data();
        w.widenRows(r, n, scratch);
        return scratch;
    }

    /**
     * Four or more tokens (prefill): each block of rows (widened once) meets the whole batch in 6x4 (16 lanes), 6x2
     * (8 lanes) or 4x4 tiles; the rows after the last whole block of 6 go by 4x4.
     */
    private static void batch(Matrix w, float[] x, int xOff, int tokens, float[] out, int outOff, int rowFrom, int rowTo,
                              MatmulScratch work, StagedInput staged) {
        MemorySegment scratch = work.rows();
        int cols = w.cols(), rows = w.rows();
        long rs = 4L * cols;
        long acc = accOffset(cols);
        int r0 = rowFrom;
        if (SCRATCH_ROWS == SIX && r0 + SIX <= rowTo) { // 6x4 tiles (16 lanes) or 6x2 (8 lanes), an odd last token alone
            MemorySegment xs = null;
            long xStride = StagedInput.stride(cols);
            if (SIX_BY_FOUR) {
                if (staged == null) staged = work.stage(x, xOff, tokens, cols);
                else if (!staged.holds(tokens, cols)) throw new IllegalStateException("staged input is not this batch's");
                xs = staged.rows();
            }
            for (; r0 + SIX <= rowTo; r0 += SIX) {
                MemorySegment m = rowBlock(w, r0, SIX, scratch);
                long base = m == scratch ? 0 : r0 * rs;
                int t = 0;
                if (SIX_BY_FOUR) {
                    for (; t <= tokens - 4; t += 4) {
                        int c = tile6x4(m, base, rs, cols, xs, t * xStride, xStride, scratch, acc);
                        store6x4(scratch, acc, w, r0, c, cols, x, xOff + t * cols, out, outOff + t * rows + r0, rows);
                    }
                } else {
                    for (; t <= tokens - 2; t += 2) {
                        int c = tile6x2(m, base, rs, cols, x, xOff + t * cols, scratch, acc);
                        finish(scratch, acc, SIX, 2, 1, w, r0, c, cols, x, xOff + t * cols, out, outOff + t * rows + r0, rows);
                    }
                }
                for (; t < tokens; t++) sixRowsOneToken(m, base, rs, cols, w, r0, x, xOff + t * cols, scratch, acc, out, outOff + t * rows + r0, rows);
            }
        }
        for (int r = r0; r < rowTo; r += ROW_BLOCK) {
            int n = Math.min(ROW_BLOCK, rowTo - r);
            MemorySegment m = rowBlock(w, r, n, scratch);
            long base = m == scratch ? 0 : r * rs;
            if (n == ROW_BLOCK) {
                int t = 0;
                for (; t <= tokens - 4; t += 4) {
                    int c = tile4x4(m, base, rs, cols, x, xOff + t * cols, scratch, acc);
                    finish(scratch, acc, LANES == TREE_LANES, 4, 4, 1, w, r, c, cols, x, xOff + t * cols, out, outOff + t * rows + r, rows);
                }
                for (; t < tokens; t++) {
                    int c = tile4x1(m, base, rs, cols, x, xOff + t * cols, scratch, acc);
                    finish(scratch, acc, 4, 1, 1, w, r, c, cols, x, xOff + t * cols, out, outOff + t * rows + r, rows);
                }
            } else {
                for (int j = 0; j < n; j++) {
                    long rb = base + j * rs;
                    int t = 0;
                    for (; t <= tokens - 4; t += 4) {
                        int c = tile1x4(m, rb, cols, x, xOff + t * cols, scratch, acc);
                        finish(scratch, acc, 1, 4, 1, w, r + j, c, cols, x, xOff + t * cols, out, outOff + t * rows + r + j, rows);
                    }
                    for (; t < tokens; t++) {
                        int c = tile1x1(m, rb, cols, x, xOff + t * cols, scratch, acc);
                        finish(scratch, acc, 1, 1, 1, w, r + j, c, cols, x, xOff + t * cols, out, outOff + t * rows + r + j, rows);
                    }
                }
            }
        }
    }

    /**
     * Stores tile6x4's 24 lane sums (left at {@code acc}, token-major: sum t*6 + j is row j, token t)
     * to out[o + t*rows + j]: each token's six rows are adjacent in out, so five masked vector stores place them
     * (lanes 0-5, 6-11, 12-15 and 16-17, 18-23, each store's base shifted back by its first lane), in place of
     * 24 scalar copies (as fast: smollm2's products, 128 tokens, both forms alternated in one process on Zen 5).
     * Then the tail columns [c0, cols), if any, by scalar fma on each stored sum, as finish adds them.
     */
    private static void store6x4(MemorySegment sc, long acc, Matrix w, int row0, int c0, int cols, float[] x, int xo,
                                 float[] out, int o, int rows) {
        FloatVector lo = FloatVector.fromMemorySegment(F, sc, acc, LE);
        FloatVector hi = FloatVector.fromMemorySegment(F, sc, acc + F.vectorByteSize(), LE);
        lo.intoArray(out, o, VectorMask.fromLong(F, 0x3fL));
        lo.intoArray(out, o + rows - 6, VectorMask.fromLong(F, 0x3fL << 6));
        lo.intoArray(out, o + 2 * rows - 12, VectorMask.fromLong(F, 0xfL << 12));
        hi.intoArray(out, o + 2 * rows + 4, VectorMask.fromLong(F, 0x3L));
        hi.intoArray(out, o + 3 * rows - 2, VectorMask.fromLong(F, 0x3fL << 2));
        if (c0 == cols) return;
        for (int t = 0; t < 4; t++) {
            int xt = xo + t * cols;
            for (int j = 0; j < SIX; j++) {
                int i = o + t * rows + j;
                float s = out[i];
                for (int c = c0; c < cols; c++) s = Math.fma(w.get(row0 + j, c), x[xt + c], s);
                out[i] = s;
            }
        }
    }

    /** A block of 6 rows against one token the wider tiles left over: rows 0-3 in a 4x1 tile, rows 4 and 5 alone. */
    private static void sixRowsOneToken(MemorySegment m, long base, long rs, int cols, Matrix w, int r0, float[] x, int xt,
                                        MemorySegment scratch, long acc, float[] out, int o, int rows) {
        int c = tile4x1(m, base, rs, cols, x, xt, scratch, acc);
        finish(scratch, acc, 4, 1, 1, w, r0, c, cols, x, xt, out, o, rows);
        for (int j = 4; j < SIX; j++) {
            c = tile1x1(m, base + j * rs, cols, x, xt, scratch, acc);
            finish(scratch, acc, 1, 1, 1, w, r0 + j, c, cols, x, xt, out, o + j, rows);
        }
    }

    /*
     * Accumulators start from FloatVector.zero(F) in each method: a static final vector constant defeats
     * the JIT's unboxing and costs a factor of five. The tiles below keep their accumulators in registers
     * over the column loop and spill them once to the scratch (accumulator k = row j * tokens + token t),
     * leaving reduction and tail to finish(). Each tile repeats its spill rather than calling a helper:
     * a vector passed to or returned from a method that is not inlined is boxed on the heap, and C2 does
     * not inline a helper it compiled on its own first (see docs/ARCHITECTURE.md).
     */

    /**
     * Reduces each spilled accumulator, adds its tail columns [c0, cols) read with {@link Matrix#get} (the
     * same values the widened rows hold), stores out[o + t*rows + j*step] for the tile's rows row0 + j*step.
     */
    private static void finish(MemorySegment scratch, long acc, int nRows, int nTokens, int step, Matrix w, int row0,
                               int c0, int cols, float[] x, int xo, float[] out, int o, int rows) {
        finish(scratch, acc, false, nRows, nTokens, step, w, row0, c0, cols, x, xo, out, o, rows);
    }

    /**
     * As above; with {@code summed}, the tile already reduced its accumulators (tile4x4 with 16 lanes): float k
     * at {@code acc} is accumulator k's lane sum instead of its spilled vector.
     */
    private static void finish(MemorySegment scratch, long acc, boolean summed, int nRows, int nTokens, int step, Matrix w,
                               int row0, int c0, int cols, float[] x, int xo, float[] out, int o, int rows) {
        for (int j = 0; j < nRows; j++) {
            for (int t = 0; t < nTokens; t++) {
                int k = j * nTokens + t;
                float s = summed ? scratch.get(ValueLayout.JAVA_FLOAT_UNALIGNED, acc + 4L * k)
                        : VectorKernels.reduceAt(scratch, acc + (long) k * F.vectorByteSize());
                int xt = xo + t * cols;
                for (int c = c0; c < cols; c++) s = Math.fma(w.get(row0 + j * step, c), x[xt + c], s);
                out[o + t * rows + j * step] = s;
            }
        }
    }

    /*
     * The lane tree of VectorKernels.reduceAt, for the 16 accumulators of a 4x4 tile of 16 lanes at once,
     * transposed: each step takes two vectors whose lanes hold groups of 2h partial sums (a group per
     * accumulator), adds every group's low h lanes to its high h lanes and packs both vectors' results into
     * one (two-vector selects), so 16 vectors become 8, 4, 2 and 1, and lane k of the last is accumulator k's
     * sum. Each sum is the same tree of adds with the same operands (low half + high half) as reduceAt's, so
     * the same bits (KernelOrderTest: batch against single tokens), for 15 adds and 30 selects in place of
     * 16 x (spill, reload, 4 shuffles, 4 adds): prefill matrix products 1-4% faster (smollm2 bf16, 128 tokens,
     * both forms alternated in one process; separate runs of each differ by up to 15% on these VMs).
     * TREE holds the select indices of the steps h = 8, 4, 2, 1 (low halves, then high halves; index >= 16 is
     * the second vector's lane index - 16); other vector widths keep the spill and reduceAt.
     */
    private static final int TREE_LANES = 16;
    private static final float[] TREE = treeIndices();

    private static float[] treeIndices() {
        float[] idx = new float[8 * TREE_LANES];
        int step = 0;
        for (int h = TREE_LANES / 2; h >= 1; h /= 2, step++) {
            int groups = TREE_LANES / (2 * h); // groups of 2h lanes in each input vector
            for (int lane = 0; lane < TREE_LANES; lane++) {
                int g = lane / h, o = lane % h;
                int src = g < groups ? g * 2 * h + o : TREE_LANES + (g - groups) * 2 * h + o;
                idx[2 * step * TREE_LANES + lane] = src;
                idx[(2 * step + 1) * TREE_LANES + lane] = src + h;
            }
        }
        return idx;
    }

    /**
     * Rows base..base+3 (stride rs bytes) times 4 tokens at x[xo], x[xo+cols], ...; returns the first tail column.
     * With 16 lanes it leaves the 16 lane sums at {@code acc} (finish's {@code summed}), otherwise the 16 accumulators.
     */
    private static int tile4x4(MemorySegment m, long base, long rs, int cols, float[] x, int xo, MemorySegment sc, long acc) {
        int x1 = xo + cols, x2 = x1 + cols, x3 = x2 + cols;
        long b1 = base + rs, b2 = b1 + rs, b3 = b2 + rs;
        FloatVector a00 = FloatVector.zero(F), a01 = a00, a02 = a00, a03 = a00;
        FloatVector a10 = a00, a11 = a00, a12 = a00, a13 = a00;
        FloatVector a20 = a00, a21 = a00, a22 = a00, a23 = a00;
        FloatVector a30 = a00, a31 = a00, a32 = a00, a33 = a00;
        int c = 0;
        for (; c <= cols - LANES; c += LANES) {
            FloatVector v0 = FloatVector.fromArray(F, x, xo + c);
            FloatVector v1 = FloatVector.fromArray(F, x, x1 + c);
            FloatVector v2 = FloatVector.fromArray(F, x, x2 + c);
            FloatVector v3 = FloatVector.fromArray(F, x, x3 + c);
            long off = 4L * c;
            FloatVector w0 = FloatVector.fromMemorySegment(F, m, base + off, LE);
            a00 = w0.fma(v0, a00);
            a01 = w0.fma(v1, a01);
            a02 = w0.fma(v2, a02);
            a03 = w0.fma(v3, a03);
            FloatVector w1 = FloatVector.fromMemorySegment(F, m, b1 + off, LE);
            a10 = w1.fma(v0, a10);
            a11 = w1.fma(v1, a11);
            a12 = w1.fma(v2, a12);
            a13 = w1.fma(v3, a13);
            FloatVector w2 = FloatVector.fromMemorySegment(F, m, b2 + off, LE);
            a20 = w2.fma(v0, a20);
            a21 = w2.fma(v1, a21);
            a22 = w2.fma(v2, a22);
            a23 = w2.fma(v3, a23);
            FloatVector w3 = FloatVector.fromMemorySegment(F, m, b3 + off, LE);
            a30 = w3.fma(v0, a30);
            a31 = w3.fma(v1, a31);
            a32 = w3.fma(v2, a32);
            a33 = w3.fma(v3, a33);
        }
        if (LANES == TREE_LANES) { // the 16 sums, reduced in registers (see TREE)
            FloatVector lo = FloatVector.fromArray(F, TREE, 0), hi = FloatVector.fromArray(F, TREE, TREE_LANES);
            FloatVector r0 = lo.selectFrom(a00, a01).add(hi.selectFrom(a00, a01));
            FloatVector r1 = lo.selectFrom(a02, a03).add(hi.selectFrom(a02, a03));
            FloatVector r2 = lo.selectFrom(a10, a11).add(hi.selectFrom(a10, a11));
            FloatVector r3 = lo.selectFrom(a12, a13).add(hi.selectFrom(a12, a13));
            FloatVector r4 = lo.selectFrom(a20, a21).add(hi.selectFrom(a20, a21));
            FloatVector r5 = lo.selectFrom(a22, a23).add(hi.selectFrom(a22, a23));
            FloatVector r6 = lo.selectFrom(a30, a31).add(hi.selectFrom(a30, a31));
            FloatVector r7 = lo.selectFrom(a32, a33).add(hi.selectFrom(a32, a33));
            lo = FloatVector.fromArray(F, TREE, 2 * TREE_LANES);
            hi = FloatVector.fromArray(F, TREE, 3 * TREE_LANES);
            FloatVector s0 = lo.selectFrom(r0, r1).add(hi.selectFrom(r0, r1));
            FloatVector s1 = lo.selectFrom(r2, r3).add(hi.selectFrom(r2, r3));
            FloatVector s2 = lo.selectFrom(r4, r5).add(hi.selectFrom(r4, r5));
            FloatVector s3 = lo.selectFrom(r6, r7).add(hi.selectFrom(r6, r7));
            lo = FloatVector.fromArray(F, TREE, 4 * TREE_LANES);
            hi = FloatVector.fromArray(F, TREE, 5 * TREE_LANES);
            FloatVector u0 = lo.selectFrom(s0, s1).add(hi.selectFrom(s0, s1));
            FloatVector u1 = lo.selectFrom(s2, s3).add(hi.selectFrom(s2, s3));
            lo = FloatVector.fromArray(F, TREE, 6 * TREE_LANES);
            hi = FloatVector.fromArray(F, TREE, 7 * TREE_LANES);
            lo.selectFrom(u0, u1).add(hi.selectFrom(u0, u1)).intoMemorySegment(sc, acc, LE);
            return c;
        }
        long vb = F.vectorByteSize();
        a00.intoMemorySegment(sc, acc, LE);
        a01.intoMemorySegment(sc, acc + vb, LE);
        a02.intoMemorySegment(sc, acc + 2 * vb, LE);
        a03.intoMemorySegment(sc, acc + 3 * vb, LE);
        a10.intoMemorySegment(sc, acc + 4 * vb, LE);
        a11.intoMemorySegment(sc, acc + 5 * vb, LE);
        a12.intoMemorySegment(sc, acc + 6 * vb, LE);
        a13.intoMemorySegment(sc, acc + 7 * vb, LE);
        a20.intoMemorySegment(sc, acc + 8 * vb, LE);
        a21.intoMemorySegment(sc, acc + 9 * vb, LE);
        a22.intoMemorySegment(sc, acc + 10 * vb, LE);
        a23.intoMemorySegment(sc, acc + 11 * vb, LE);
        a30.intoMemorySegment(sc, acc + 12 * vb, LE);
        a31.intoMemorySegment(sc, acc + 13 * vb, LE);
        a32.intoMemorySegment(sc, acc + 14 * vb, LE);
        a33.intoMemorySegment(sc, acc + 15 * vb, LE);
        return c;
    }

    /**
     * Rows base..base+5 (stride rs bytes) times 4 tokens read from the staged input (rows xStride bytes apart from
     * xo), the 16-lane batch tile (see SIX_BY_FOUR); returns the first tail column. Its 24 accumulators (sum k =
     * t*6 + j for row j, token t) are reduced in registers and leave the tile as two vectors at {@code acc}: sums
     * 0-15, then 16-23 in lanes 0-7 (store6x4 writes them out). The reduction is reduceAt's lane tree for every
     * accumulator at once: each step h = 8, 4, 2, 1 adds every group of 2h lanes' high h lanes to its low h
     * ({@code v + v.rearrange(SWAPh)}, a one-source permute) in two vectors and blends them, the first's low halves
     * with the second's high halves, so each vector holds twice as many accumulators' partial sums (12 vectors, 6,
     * 3, then the 16 + 8 sums); the accumulators are paired in the order that leaves sum k in lane k. Each sum is
     * the same tree of adds over the same operand pairs as reduceAt's (the high halves' lanes add in the other
     * operand order, which gives the same bits for any numbers; only a NaN's payload could differ), so the same
     * bits as one token at a time (KernelOrderTest). Against spilling the 24 accumulators for a separate transposed
     * tree of two-source permutes (TREE, as tile4x4's): 576-column products 1.06-1.10x, 1536-column 1.00-1.04x
     * (Zen 5, one thread, 128 tokens, both forms alternated in one process, which runs first alternating too). (Written with TREE's two-source selects and their index vectors, the tree in the tile had
     * spilled the loop.)
     */
    private static int tile6x4(MemorySegment m, long base, long rs, int cols, MemorySegment xs, long xo, long xStride,
                               MemorySegment sc, long acc) {
        long x1 = xo + xStride, x2 = x1 + xStride, x3 = x2 + xStride;
        long b1 = base + rs, b2 = b1 + rs, b3 = b2 + rs, b4 = b3 + rs, b5 = b4 + rs;
        FloatVector a00 = FloatVector.zero(F), a01 = a00, a02 = a00, a03 = a00;
        FloatVector a10 = a00, a11 = a00, a12 = a00, a13 = a00;
        FloatVector a20 = a00, a21 = a00, a22 = a00, a23 = a00;
        FloatVector a30 = a00, a31 = a00, a32 = a00, a33 = a00;
        FloatVector a40 = a00, a41 = a00, a42 = a00, a43 = a00;
        FloatVector a50 = a00, a51 = a00, a52 = a00, a53 = a00;
        int c = 0;
        for (; c <= cols - LANES; c += LANES) {
            long off = 4L * c;
            FloatVector v0 = FloatVector.fromMemorySegment(F, xs, xo + off, LE);
            FloatVector v1 = FloatVector.fromMemorySegment(F, xs, x1 + off, LE);
            FloatVector v2 = FloatVector.fromMemorySegment(F, xs, x2 + off, LE);
            FloatVector v3 = FloatVector.fromMemorySegment(F, xs, x3 + off, LE);
            FloatVector w0 = FloatVector.fromMemorySegment(F, m, base + off, LE);
            a00 = w0.fma(v0, a00);
            a01 = w0.fma(v1, a01);
            a02 = w0.fma(v2, a02);
            a03 = w0.fma(v3, a03);
            FloatVector w1 = FloatVector.fromMemorySegment(F, m, b1 + off, LE);
            a10 = w1.fma(v0, a10);
            a11 = w1.fma(v1, a11);
            a12 = w1.fma(v2, a12);
            a13 = w1.fma(v3, a13);
            FloatVector w2 = FloatVector.fromMemorySegment(F, m, b2 + off, LE);
            a20 = w2.fma(v0, a20);
            a21 = w2.fma(v1, a21);
            a22 = w2.fma(v2, a22);
            a23 = w2.fma(v3, a23);
            FloatVector w3 = FloatVector.fromMemorySegment(F, m, b3 + off, LE);
            a30 = w3.fma(v0, a30);
            a31 = w3.fma(v1, a31);
            a32 = w3.fma(v2, a32);
            a33 = w3.fma(v3, a33);
            FloatVector w4 = FloatVector.fromMemorySegment(F, m, b4 + off, LE);
            a40 = w4.fma(v0, a40);
            a41 = w4.fma(v1, a41);
            a42 = w4.fma(v2, a42);
            a43 = w4.fma(v3, a43);
            FloatVector w5 = FloatVector.fromMemorySegment(F, m, b5 + off, LE);
            a50 = w5.fma(v0, a50);
            a51 = w5.fma(v1, a51);
            a52 = w5.fma(v2, a52);
            a53 = w5.fma(v3, a53);
        }
        // reduceAt's lane tree for all 24 at once (see above); sum k ends in lane k of the two vectors stored
        VectorMask<Float> m8 = VectorMask.fromLong(F, 0xff00L), m4 = VectorMask.fromLong(F, 0xf0f0L);
        VectorMask<Float> m2 = VectorMask.fromLong(F, 0xccccL), m1 = VectorMask.fromLong(F, 0xaaaaL);
        FloatVector r0 = a00.add(a00.rearrange(SWAP8)).blend(a21.add(a21.rearrange(SWAP8)), m8);
        FloatVector r1 = a40.add(a40.rearrange(SWAP8)).blend(a02.add(a02.rearrange(SWAP8)), m8);
        FloatVector r2 = a20.add(a20.rearrange(SWAP8)).blend(a41.add(a41.rearrange(SWAP8)), m8);
        FloatVector r3 = a01.add(a01.rearrange(SWAP8)).blend(a22.add(a22.rearrange(SWAP8)), m8);
        FloatVector r4 = a10.add(a10.rearrange(SWAP8)).blend(a31.add(a31.rearrange(SWAP8)), m8);
        FloatVector r5 = a50.add(a50.rearrange(SWAP8)).blend(a12.add(a12.rearrange(SWAP8)), m8);
        FloatVector r6 = a30.add(a30.rearrange(SWAP8)).blend(a51.add(a51.rearrange(SWAP8)), m8);
        FloatVector r7 = a11.add(a11.rearrange(SWAP8)).blend(a32.add(a32.rearrange(SWAP8)), m8);
        FloatVector r8 = a42.add(a42.rearrange(SWAP8)).blend(a23.add(a23.rearrange(SWAP8)), m8);
        FloatVector r9 = a03.add(a03.rearrange(SWAP8)).blend(a43.add(a43.rearrange(SWAP8)), m8);
        FloatVector r10 = a52.add(a52.rearrange(SWAP8)).blend(a33.add(a33.rearrange(SWAP8)), m8);
        FloatVector r11 = a13.add(a13.rearrange(SWAP8)).blend(a53.add(a53.rearrange(SWAP8)), m8);
        FloatVector s0 = r0.add(r0.rearrange(SWAP4)).blend(r1.add(r1.rearrange(SWAP4)), m4);
        FloatVector s1 = r2.add(r2.rearrange(SWAP4)).blend(r3.add(r3.rearrange(SWAP4)), m4);
        FloatVector s2 = r4.add(r4.rearrange(SWAP4)).blend(r5.add(r5.rearrange(SWAP4)), m4);
        FloatVector s3 = r6.add(r6.rearrange(SWAP4)).blend(r7.add(r7.rearrange(SWAP4)), m4);
        FloatVector s4 = r8.add(r8.rearrange(SWAP4)).blend(r9.add(r9.rearrange(SWAP4)), m4);
        FloatVector s5 = r10.add(r10.rearrange(SWAP4)).blend(r11.add(r11.rearrange(SWAP4)), m4);
        FloatVector u0 = s0.add(s0.rearrange(SWAP2)).blend(s1.add(s1.rearrange(SWAP2)), m2);
        FloatVector u1 = s2.add(s2.rearrange(SWAP2)).blend(s3.add(s3.rearrange(SWAP2)), m2);
        FloatVector u2 = s4.add(s4.rearrange(SWAP2)).blend(s5.add(s5.rearrange(SWAP2)), m2);
        u0.add(u0.rearrange(SWAP1)).blend(u1.add(u1.rearrange(SWAP1)), m1).intoMemorySegment(sc, acc, LE);
        u2.add(u2.rearrange(SWAP1)).rearrange(EVEN_FIRST).intoMemorySegment(sc, acc + F.vectorByteSize(), LE);
        return c;
    }

    /**
     * Rows base..base+5 (stride rs bytes) times 2 tokens at x[xo] and x[xo+cols] (the 8-lane batch tile, see
     * SIX_BY_TWO); leaves the 12 accumulators at {@code acc} (row j, token t at j*2+t) and returns the first tail column.
     */
    private static int tile6x2(MemorySegment m, long base, long rs, int cols, float[] x, int xo, MemorySegment sc, long acc) {
        int x1 = xo + cols;
        long b1 = base + rs, b2 = b1 + rs, b3 = b2 + rs, b4 = b3 + rs, b5 = b4 + rs;
        FloatVector a00 = FloatVector.zero(F), a01 = a00, a10 = a00, a11 = a00, a20 = a00, a21 = a00;
        FloatVector a30 = a00, a31 = a00, a40 = a00, a41 = a00, a50 = a00, a51 = a00;
        int c = 0;
        for (; c <= cols - LANES; c += LANES) {
            FloatVector v0 = FloatVector.fromArray(F, x, xo + c);
            FloatVector v1 = FloatVector.fromArray(F, x, x1 + c);
            long off = 4L * c;
            FloatVector w0 = FloatVector.fromMemorySegment(F, m, base + off, LE);
            a00 = w0.fma(v0, a00);
            a01 = w0.fma(v1, a01);
            FloatVector w1 = FloatVector.fromMemorySegment(F, m, b1 + off, LE);
            a10 = w1.fma(v0, a10);
            a11 = w1.fma(v1, a11);
            FloatVector w2 = FloatVector.fromMemorySegment(F, m, b2 + off, LE);
            a20 = w2.fma(v0, a20);
            a21 = w2.fma(v1, a21);
            FloatVector w3 = FloatVector.fromMemorySegment(F, m, b3 + off, LE);
            a30 = w3.fma(v0, a30);
            a31 = w3.fma(v1, a31);
            FloatVector w4 = FloatVector.fromMemorySegment(F, m, b4 + off, LE);
            a40 = w4.fma(v0, a40);
            a41 = w4.fma(v1, a41);
            FloatVector w5 = FloatVector.fromMemorySegment(F, m, b5 + off, LE);
            a50 = w5.fma(v0, a50);
            a51 = w5.fma(v1, a51);
        }
        long vb = F.vectorByteSize();
        a00.intoMemorySegment(sc, acc, LE);
        a01.intoMemorySegment(sc, acc + vb, LE);
        a10.intoMemorySegment(sc, acc + 2 * vb, LE);
        a11.intoMemorySegment(sc, acc + 3 * vb, LE);
        a20.intoMemorySegment(sc, acc + 4 * vb, LE);
        a21.intoMemorySegment(sc, acc + 5 * vb, LE);
        a30.intoMemorySegment(sc, acc + 6 * vb, LE);
        a31.intoMemorySegment(sc, acc + 7 * vb, LE);
        a40.intoMemorySegment(sc, acc + 8 * vb, LE);
        a41.intoMemorySegment(sc, acc + 9 * vb, LE);
        a50.intoMemorySegment(sc, acc + 10 * vb, LE);
        a51.intoMemorySegment(sc, acc + 11 * vb, LE);
        return c;
    }

    /** Four rows (base + j*rs), one token: four independent accumulator chains (the decode matvec). */
    private static int tile4x1(MemorySegment m, long base, long rs, int cols, float[] x, int xo, MemorySegment sc, long acc) {
        long b1 = base + rs, b2 = b1 + rs, b3 = b2 + rs;
        FloatVector a0 = FloatVector.zero(F), a1 = a0, a2 = a0, a3 = a0;
        int c = 0;
        for (; c <= cols - LANES; c += LANES) {
            FloatVector v = FloatVector.fromArray(F, x, xo + c);
            long off = 4L * c;
            a0 = FloatVector.fromMemorySegment(F, m, base + off, LE).fma(v, a0);
            a1 = FloatVector.fromMemorySegment(F, m, b1 + off, LE).fma(v, a1);
            a2 = FloatVector.fromMemorySegment(F, m, b2 + off, LE).fma(v, a2);
            a3 = FloatVector.fromMemorySegment(F, m, b3 + off, LE).fma(v, a3);
        }
        long vb = F.vectorByteSize();
        a0.intoMemorySegment(sc, acc, LE);
        a1.intoMemorySegment(sc, acc + vb, LE);
        a2.intoMemorySegment(sc, acc + 2 * vb, LE);
        a3.intoMemorySegment(sc, acc + 3 * vb, LE);
        return c;
    }

    /**
     * Decode's 4x1 tiles over F32 rows read in place, as {@link #stridedTilesBf16} (the whole strided range in
     * one method, the lane tree in registers, no spill).
     */
    private static void stridedTilesF32(F32Matrix w, float[] x, int xOff, int tokens, float[] out, int outOff,
                                        int rowFrom, int q) {
        MemorySegment m = w.data();
        int cols = w.cols(), rows = w.rows();
        long rs = q * 4L * cols;
        for (int i = 0; i < q; i++) {
            int r = rowFrom + i;
            long base = r * 4L * cols, b1 = base + rs, b2 = b1 + rs, b3 = b2 + rs;
            for (int t = 0; t < tokens; t++) {
                int xo = xOff + t * cols;
                FloatVector a0 = FloatVector.zero(F), a1 = a0, a2 = a0, a3 = a0;
                int c = 0;
                for (; c <= cols - LANES; c += LANES) {
                    FloatVector v = FloatVector.fromArray(F, x, xo + c);
                    long off = 4L * c;
                    a0 = FloatVector.fromMemorySegment(F, m, base + off, LE).fma(v, a0);
                    a1 = FloatVector.fromMemorySegment(F, m, b1 + off, LE).fma(v, a1);
                    a2 = FloatVector.fromMemorySegment(F, m, b2 + off, LE).fma(v, a2);
                    a3 = FloatVector.fromMemorySegment(F, m, b3 + off, LE).fma(v, a3);
                }
                // reduceAt's tree, written out as in stridedTilesBf16
                if (LANES > 8) {
                    a0 = a0.add(a0.rearrange(SWAP8));
                    a1 = a1.add(a1.rearrange(SWAP8));
                    a2 = a2.add(a2.rearrange(SWAP8));
                    a3 = a3.add(a3.rearrange(SWAP8));
                }
                if (LANES > 4) {
                    a0 = a0.add(a0.rearrange(SWAP4));
                    a1 = a1.add(a1.rearrange(SWAP4));
                    a2 = a2.add(a2.rearrange(SWAP4));
                    a3 = a3.add(a3.rearrange(SWAP4));
                }
                a0 = a0.add(a0.rearrange(SWAP2));
                a1 = a1.add(a1.rearrange(SWAP2));
                a2 = a2.add(a2.rearrange(SWAP2));
                a3 = a3.add(a3.rearrange(SWAP2));
                a0 = a0.add(a0.rearrange(SWAP1));
                a1 = a1.add(a1.rearrange(SWAP1));
                a2 = a2.add(a2.rearrange(SWAP1));
                a3 = a3.add(a3.rearrange(SWAP1));
                float s0 = a0.lane(0), s1 = a1.lane(0), s2 = a2.lane(0), s3 = a3.lane(0);
                for (; c < cols; c++) { // the tail columns, as finish adds them
                    float v = x[xo + c];
                    s0 = Math.fma(m.get(F32Matrix.LE, base + 4L * c), v, s0);
                    s1 = Math.fma(m.get(F32Matrix.LE, b1 + 4L * c), v, s1);
                    s2 = Math.fma(m.get(F32Matrix.LE, b2 + 4L * c), v, s2);
                    s3 = Math.fma(m.get(F32Matrix.LE, b3 + 4L * c), v, s3);
                }
                int o = outOff + t * rows + r;
                out[o] = s0;
                out[o + q] = s1;
                out[o + 2 * q] = s2;
                out[o + 3 * q] = s3;
            }
        }
    }

    /**
     * Decode's 4x1 tiles over BF16 rows, the whole strided range in one method: tile i takes rows r, r+q,
     * r+2q, r+3q (r = rowFrom + i) in kernel order, widened in registers (one integer load holds LANES (even,
     * odd) pairs: {@code bits << 16} are the even columns as floats, {@code bits & 0xffff0000} the odd ones; x
     * is already paired), then reduceAt's lane tree in registers, the tail columns by scalar fma as finish
     * does, and the four sums stored. A trailing half block of LANES columns is widened lane by lane in
     * natural order, as widenRows does. Spilling the accumulators for finish, as the other tiles do, and
     * reloading them cost 7-9% of a 576-column product's time on the Xeon (a 4x1 tile streaming from memory
     * spends few instructions a byte, so the reduction's store-to-load round trip shows); the sums are the
     * same adds in the same order. The tail columns and stores are written out here too, not left to finish:
     * the lane sums passed to finish through the scratch, a call a tile, ran 0.91x (bf16 and f32, 3072 x 576 from
     * memory through the CPU backend, both alternated), so stridedTilesF32 repeats them for its format.
     */
    private static void stridedTilesBf16(BF16Matrix w, float[] x, int xOff, int tokens, float[] out, int outOff,
                                         int rowFrom, int q) {
        MemorySegment m = w.data();
        int cols = w.cols(), rows = w.rows();
        long rs = q * 2L * cols;
        IntVector high = IntVector.broadcast(I32, 0xffff0000);
        for (int i = 0; i < q; i++) {
            int r = rowFrom + i;
            long base = r * 2L * cols, b1 = base + rs, b2 = b1 + rs, b3 = b2 + rs;
            for (int t = 0; t < tokens; t++) {
                int xo = xOff + t * cols;
                FloatVector a0 = FloatVector.zero(F), a1 = a0, a2 = a0, a3 = a0;
                int c = 0;
                for (; BF16_TWO_BLOCKS && c <= cols - 4 * LANES; c += 4 * LANES) {
                    // two blocks a step with 16 registers (AVX2), written out: C2 then leaves the loop as it is,
                    // the mask and both blocks' inputs in registers (one block a step, it unrolled four times and
                    // spilled the inputs to the stack and reloaded the mask 16 times: 151 instructions for 32
                    // fmas against 122); the same fmas in the same order. No helper calls in this method: in a
                    // method this size C2 stopped inlining a two-line widening helper and boxed every vector
                    FloatVector ve = FloatVector.fromArray(F, x, xo + c);
                    FloatVector vo = FloatVector.fromArray(F, x, xo + c + LANES);
                    long off = 2L * c;
                    IntVector p0 = IntVector.fromMemorySegment(I32, m, base + off, LE);
                    IntVector p1 = IntVector.fromMemorySegment(I32, m, b1 + off, LE);
                    IntVector p2 = IntVector.fromMemorySegment(I32, m, b2 + off, LE);
                    IntVector p3 = IntVector.fromMemorySegment(I32, m, b3 + off, LE);
                    a0 = p0.lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats().fma(ve, a0);
                    a1 = p1.lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats().fma(ve, a1);
                    a2 = p2.lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats().fma(ve, a2);
                    a3 = p3.lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats().fma(ve, a3);
                    a0 = p0.and(high).reinterpretAsFloats().fma(vo, a0);
                    a1 = p1.and(high).reinterpretAsFloats().fma(vo, a1);
                    a2 = p2.and(high).reinterpretAsFloats().fma(vo, a2);
                    a3 = p3.and(high).reinterpretAsFloats().fma(vo, a3);
                    ve = FloatVector.fromArray(F, x, xo + c + 2 * LANES);
                    vo = FloatVector.fromArray(F, x, xo + c + 3 * LANES);
                    off += 4 * LANES;
                    p0 = IntVector.fromMemorySegment(I32, m, base + off, LE);
                    p1 = IntVector.fromMemorySegment(I32, m, b1 + off, LE);
                    p2 = IntVector.fromMemorySegment(I32, m, b2 + off, LE);
                    p3 = IntVector.fromMemorySegment(I32, m, b3 + off, LE);
                    a0 = p0.lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats().fma(ve, a0);
                    a1 = p1.lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats().fma(ve, a1);
                    a2 = p2.lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats().fma(ve, a2);
                    a3 = p3.lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats().fma(ve, a3);
                    a0 = p0.and(high).reinterpretAsFloats().fma(vo, a0);
                    a1 = p1.and(high).reinterpretAsFloats().fma(vo, a1);
                    a2 = p2.and(high).reinterpretAsFloats().fma(vo, a2);
                    a3 = p3.and(high).reinterpretAsFloats().fma(vo, a3);
                }
                // one block a step: every block with 32 registers, the odd last one with 16
                for (; c <= cols - 2 * LANES; c += 2 * LANES) {
                    FloatVector ve = FloatVector.fromArray(F, x, xo + c);
                    FloatVector vo = FloatVector.fromArray(F, x, xo + c + LANES);
                    long off = 2L * c;
                    IntVector p0 = IntVector.fromMemorySegment(I32, m, base + off, LE);
                    IntVector p1 = IntVector.fromMemorySegment(I32, m, b1 + off, LE);
                    IntVector p2 = IntVector.fromMemorySegment(I32, m, b2 + off, LE);
                    IntVector p3 = IntVector.fromMemorySegment(I32, m, b3 + off, LE);
                    a0 = p0.lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats().fma(ve, a0);
                    a1 = p1.lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats().fma(ve, a1);
                    a2 = p2.lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats().fma(ve, a2);
                    a3 = p3.lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats().fma(ve, a3);
                    a0 = p0.and(high).reinterpretAsFloats().fma(vo, a0);
                    a1 = p1.and(high).reinterpretAsFloats().fma(vo, a1);
                    a2 = p2.and(high).reinterpretAsFloats().fma(vo, a2);
                    a3 = p3.and(high).reinterpretAsFloats().fma(vo, a3);
                }
                if (c <= cols - LANES) { // a half block, in natural order
                    FloatVector v = FloatVector.fromArray(F, x, xo + c);
                    long off = 2L * c;
                    a0 = ((IntVector) ShortVector.fromMemorySegment(HALVES, m, base + off, LE).convertShape(VectorOperators.S2I, I32, 0))
                            .lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats().fma(v, a0);
                    a1 = ((IntVector) ShortVector.fromMemorySegment(HALVES, m, b1 + off, LE).convertShape(VectorOperators.S2I, I32, 0))
                            .lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats().fma(v, a1);
                    a2 = ((IntVector) ShortVector.fromMemorySegment(HALVES, m, b2 + off, LE).convertShape(VectorOperators.S2I, I32, 0))
                            .lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats().fma(v, a2);
                    a3 = ((IntVector) ShortVector.fromMemorySegment(HALVES, m, b3 + off, LE).convertShape(VectorOperators.S2I, I32, 0))
                            .lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats().fma(v, a3);
                    c += LANES;
                }
                // reduceAt's tree: lane i + lane i ^ 8, then ^ 4, ^ 2, ^ 1 (the steps that exist at this width)
                if (LANES > 8) {
                    a0 = a0.add(a0.rearrange(SWAP8));
                    a1 = a1.add(a1.rearrange(SWAP8));
                    a2 = a2.add(a2.rearrange(SWAP8));
                    a3 = a3.add(a3.rearrange(SWAP8));
                }
                if (LANES > 4) {
                    a0 = a0.add(a0.rearrange(SWAP4));
                    a1 = a1.add(a1.rearrange(SWAP4));
                    a2 = a2.add(a2.rearrange(SWAP4));
                    a3 = a3.add(a3.rearrange(SWAP4));
                }
                a0 = a0.add(a0.rearrange(SWAP2));
                a1 = a1.add(a1.rearrange(SWAP2));
                a2 = a2.add(a2.rearrange(SWAP2));
                a3 = a3.add(a3.rearrange(SWAP2));
                a0 = a0.add(a0.rearrange(SWAP1));
                a1 = a1.add(a1.rearrange(SWAP1));
                a2 = a2.add(a2.rearrange(SWAP1));
                a3 = a3.add(a3.rearrange(SWAP1));
                float s0 = a0.lane(0), s1 = a1.lane(0), s2 = a2.lane(0), s3 = a3.lane(0);
                for (; c < cols; c++) { // the tail columns, as finish adds them
                    float v = x[xo + c];
                    s0 = Math.fma(Float.intBitsToFloat(m.get(LE_SHORT, base + 2L * c) << 16), v, s0);
                    s1 = Math.fma(Float.intBitsToFloat(m.get(LE_SHORT, b1 + 2L * c) << 16), v, s1);
                    s2 = Math.fma(Float.intBitsToFloat(m.get(LE_SHORT, b2 + 2L * c) << 16), v, s2);
                    s3 = Math.fma(Float.intBitsToFloat(m.get(LE_SHORT, b3 + 2L * c) << 16), v, s3);
                }
                int o = outOff + t * rows + r;
                out[o] = s0;
                out[o + q] = s1;
                out[o + 2 * q] = s2;
                out[o + 3 * q] = s3;
            }
        }
    }

    /**
     * As tile4x1 over Q8_0 rows r, r+step, r+2*step, r+3*step, widened in registers exactly as {@link Q8Matrix#widenRows} does:
     * {@code w = float(q) * d_block}, then fma. Needs {@link Q8Matrix#decodesInRegisters}.
     */
    private static int tile4x1Q8(Q8Matrix w, int r, int step, int cols, float[] x, int xo, MemorySegment sc, long acc) {
        MemorySegment q = w.quants(), d = w.scales();
        long qs = (long) step * cols, q0 = (long) r * cols, q1 = q0 + qs, q2 = q1 + qs, q3 = q2 + qs;
        long ds = 2L * step * w.blocksPerRow(), d0 = 2L * r * w.blocksPerRow(), d1 = d0 + ds, d2 = d1 + ds, d3 = d2 + ds;
        FloatVector a0 = FloatVector.zero(F), a1 = a0, a2 = a0, a3 = a0;
        int c = 0;
        if (Q8Matrix.BLOCK == 2 * LANES) {
            // a whole block a step: one quant load, one scale and one broadcast per row for 32 weights, the block's
            // two chunks converted from the halves of that load (the same products in the same order as below;
            // 1.7x fewer instructions a weight, which is what q8_0 decode was bound by)
            for (; c <= cols - Q8Matrix.BLOCK; c += Q8Matrix.BLOCK) {
                long b = 2L * (c / Q8Matrix.BLOCK);
                FloatVector v0 = FloatVector.fromArray(F, x, xo + c), v1 = FloatVector.fromArray(F, x, xo + c + LANES);
                ByteVector p0 = ByteVector.fromMemorySegment(I8_BLOCK, q, q0 + c, LE);
                ByteVector p1 = ByteVector.fromMemorySegment(I8_BLOCK, q, q1 + c, LE);
                ByteVector p2 = ByteVector.fromMemorySegment(I8_BLOCK, q, q2 + c, LE);
                ByteVector p3 = ByteVector.fromMemorySegment(I8_BLOCK, q, q3 + c, LE);
                float s0 = Float.float16ToFloat(d.get(LE_SHORT, d0 + b)), s1 = Float.float16ToFloat(d.get(LE_SHORT, d1 + b));
                float s2 = Float.float16ToFloat(d.get(LE_SHORT, d2 + b)), s3 = Float.float16ToFloat(d.get(LE_SHORT, d3 + b));
                a0 = ((FloatVector) p0.convertShape(VectorOperators.B2F, F, 0)).mul(s0).fma(v0, a0);
                a1 = ((FloatVector) p1.convertShape(VectorOperators.B2F, F, 0)).mul(s1).fma(v0, a1);
                a2 = ((FloatVector) p2.convertShape(VectorOperators.B2F, F, 0)).mul(s2).fma(v0, a2);
                a3 = ((FloatVector) p3.convertShape(VectorOperators.B2F, F, 0)).mul(s3).fma(v0, a3);
                a0 = ((FloatVector) p0.convertShape(VectorOperators.B2F, F, 1)).mul(s0).fma(v1, a0);
                a1 = ((FloatVector) p1.convertShape(VectorOperators.B2F, F, 1)).mul(s1).fma(v1, a1);
                a2 = ((FloatVector) p2.convertShape(VectorOperators.B2F, F, 1)).mul(s2).fma(v1, a2);
                a3 = ((FloatVector) p3.convertShape(VectorOperators.B2F, F, 1)).mul(s3).fma(v1, a3);
            }
        } else if (Q8Matrix.BLOCK == 4 * LANES) {
            // 8 lanes (AVX2): a block is four chunks, its scale decoded and broadcast once per row, each chunk's
            // 8 quants one 64-bit load converted in place (the same products in the same order as below; the
            // quant load written out, not through a helper: C2 compiled that helper on its own and boxed every call here; the
            // four chunks written out too: as a loop over them, 1.35-2x slower, alternated in one process);
            // 1.19x the per-chunk loop on the smollm2 decode pattern
            for (; c <= cols - Q8Matrix.BLOCK; c += Q8Matrix.BLOCK) {
                long b = 2L * (c / Q8Matrix.BLOCK);
                FloatVector s0 = FloatVector.broadcast(F, Float.float16ToFloat(d.get(LE_SHORT, d0 + b)));
                FloatVector s1 = FloatVector.broadcast(F, Float.float16ToFloat(d.get(LE_SHORT, d1 + b)));
                FloatVector s2 = FloatVector.broadcast(F, Float.float16ToFloat(d.get(LE_SHORT, d2 + b)));
                FloatVector s3 = FloatVector.broadcast(F, Float.float16ToFloat(d.get(LE_SHORT, d3 + b)));
                FloatVector v0 = FloatVector.fromArray(F, x, xo + c);
                a0 = ((FloatVector) ByteVector.fromMemorySegment(I8, q, q0 + c, LE).convertShape(VectorOperators.B2F, F, 0)).mul(s0).fma(v0, a0);
                a1 = ((FloatVector) ByteVector.fromMemorySegment(I8, q, q1 + c, LE).convertShape(VectorOperators.B2F, F, 0)).mul(s1).fma(v0, a1);
                a2 = ((FloatVector) ByteVector.fromMemorySegment(I8, q, q2 + c, LE).convertShape(VectorOperators.B2F, F, 0)).mul(s2).fma(v0, a2);
                a3 = ((FloatVector) ByteVector.fromMemorySegment(I8, q, q3 + c, LE).convertShape(VectorOperators.B2F, F, 0)).mul(s3).fma(v0, a3);
                FloatVector v1 = FloatVector.fromArray(F, x, xo + c + LANES);
                a0 = ((FloatVector) ByteVector.fromMemorySegment(I8, q, q0 + c + LANES, LE).convertShape(VectorOperators.B2F, F, 0)).mul(s0).fma(v1, a0);
                a1 = ((FloatVector) ByteVector.fromMemorySegment(I8, q, q1 + c + LANES, LE).convertShape(VectorOperators.B2F, F, 0)).mul(s1).fma(v1, a1);
                a2 = ((FloatVector) ByteVector.fromMemorySegment(I8, q, q2 + c + LANES, LE).convertShape(VectorOperators.B2F, F, 0)).mul(s2).fma(v1, a2);
                a3 = ((FloatVector) ByteVector.fromMemorySegment(I8, q, q3 + c + LANES, LE).convertShape(VectorOperators.B2F, F, 0)).mul(s3).fma(v1, a3);
                FloatVector v2 = FloatVector.fromArray(F, x, xo + c + 2 * LANES);
                a0 = ((FloatVector) ByteVector.fromMemorySegment(I8, q, q0 + c + 2 * LANES, LE).convertShape(VectorOperators.B2F, F, 0)).mul(s0).fma(v2, a0);
                a1 = ((FloatVector) ByteVector.fromMemorySegment(I8, q, q1 + c + 2 * LANES, LE).convertShape(VectorOperators.B2F, F, 0)).mul(s1).fma(v2, a1);
                a2 = ((FloatVector) ByteVector.fromMemorySegment(I8, q, q2 + c + 2 * LANES, LE).convertShape(VectorOperators.B2F, F, 0)).mul(s2).fma(v2, a2);
                a3 = ((FloatVector) ByteVector.fromMemorySegment(I8, q, q3 + c + 2 * LANES, LE).convertShape(VectorOperators.B2F, F, 0)).mul(s3).fma(v2, a3);
                FloatVector v3 = FloatVector.fromArray(F, x, xo + c + 3 * LANES);
                a0 = ((FloatVector) ByteVector.fromMemorySegment(I8, q, q0 + c + 3 * LANES, LE).convertShape(VectorOperators.B2F, F, 0)).mul(s0).fma(v3, a0);
                a1 = ((FloatVector) ByteVector.fromMemorySegment(I8, q, q1 + c + 3 * LANES, LE).convertShape(VectorOperators.B2F, F, 0)).mul(s1).fma(v3, a1);
                a2 = ((FloatVector) ByteVector.fromMemorySegment(I8, q, q2 + c + 3 * LANES, LE).convertShape(VectorOperators.B2F, F, 0)).mul(s2).fma(v3, a2);
                a3 = ((FloatVector) ByteVector.fromMemorySegment(I8, q, q3 + c + 3 * LANES, LE).convertShape(VectorOperators.B2F, F, 0)).mul(s3).fma(v3, a3);
            }
        }
        if (Q8Matrix.PAIR_WIDEN && Q8Matrix.BLOCK == 8 * LANES) {
            // 4 lanes: a block is four 8-quant loads, each widened as two chunks (its halves); the scale decoded and
            // broadcast once per row (rows of whole blocks only: decodesInRegisters). A loop over the four, not written
            // out: written out, C2 boxed vectors here (34 MB a token); smollm2 q8_0 at 128 bits 22 -> 32 tok/s
            for (; c <= cols - Q8Matrix.BLOCK; c += Q8Matrix.BLOCK) {
                long b = 2L * (c / Q8Matrix.BLOCK);
                FloatVector s0 = FloatVector.broadcast(F, Float.float16ToFloat(d.get(LE_SHORT, d0 + b)));
                FloatVector s1 = FloatVector.broadcast(F, Float.float16ToFloat(d.get(LE_SHORT, d1 + b)));
                FloatVector s2 = FloatVector.broadcast(F, Float.float16ToFloat(d.get(LE_SHORT, d2 + b)));
                FloatVector s3 = FloatVector.broadcast(F, Float.float16ToFloat(d.get(LE_SHORT, d3 + b)));
                for (int k = 0; k < Q8Matrix.BLOCK; k += 2 * LANES) {
                    ByteVector p0 = ByteVector.fromMemorySegment(Q8Matrix.QUANT_PAIR, q, q0 + c + k, LE);
                    ByteVector p1 = ByteVector.fromMemorySegment(Q8Matrix.QUANT_PAIR, q, q1 + c + k, LE);
                    ByteVector p2 = ByteVector.fromMemorySegment(Q8Matrix.QUANT_PAIR, q, q2 + c + k, LE);
                    ByteVector p3 = ByteVector.fromMemorySegment(Q8Matrix.QUANT_PAIR, q, q3 + c + k, LE);
                    FloatVector ve = FloatVector.fromArray(F, x, xo + c + k), vo = FloatVector.fromArray(F, x, xo + c + k + LANES);
                    a0 = ((FloatVector) p0.convertShape(VectorOperators.B2F, F, 0)).mul(s0).fma(ve, a0);
                    a1 = ((FloatVector) p1.convertShape(VectorOperators.B2F, F, 0)).mul(s1).fma(ve, a1);
                    a2 = ((FloatVector) p2.convertShape(VectorOperators.B2F, F, 0)).mul(s2).fma(ve, a2);
                    a3 = ((FloatVector) p3.convertShape(VectorOperators.B2F, F, 0)).mul(s3).fma(ve, a3);
                    a0 = ((FloatVector) p0.convertShape(VectorOperators.B2F, F, 1)).mul(s0).fma(vo, a0);
                    a1 = ((FloatVector) p1.convertShape(VectorOperators.B2F, F, 1)).mul(s1).fma(vo, a1);
                    a2 = ((FloatVector) p2.convertShape(VectorOperators.B2F, F, 1)).mul(s2).fma(vo, a2);
                    a3 = ((FloatVector) p3.convertShape(VectorOperators.B2F, F, 1)).mul(s3).fma(vo, a3);
                }
            }
        }
        if (I8 != null) { // the chunks after the last whole block (none with 4 lanes: decodesInRegisters)
            for (; c <= cols - LANES; c += LANES) {
                long b = 2L * (c / Q8Matrix.BLOCK);
                FloatVector v = FloatVector.fromArray(F, x, xo + c);
                a0 = ((FloatVector) ByteVector.fromMemorySegment(I8, q, q0 + c, LE).convertShape(VectorOperators.B2F, F, 0))
                        .mul(Float.float16ToFloat(d.get(LE_SHORT, d0 + b))).fma(v, a0);
                a1 = ((FloatVector) ByteVector.fromMemorySegment(I8, q, q1 + c, LE).convertShape(VectorOperators.B2F, F, 0))
                        .mul(Float.float16ToFloat(d.get(LE_SHORT, d1 + b))).fma(v, a1);
                a2 = ((FloatVector) ByteVector.fromMemorySegment(I8, q, q2 + c, LE).convertShape(VectorOperators.B2F, F, 0))
                        .mul(Float.float16ToFloat(d.get(LE_SHORT, d2 + b))).fma(v, a2);
                a3 = ((FloatVector) ByteVector.fromMemorySegment(I8, q, q3 + c, LE).convertShape(VectorOperators.B2F, F, 0))
                        .mul(Float.float16ToFloat(d.get(LE_SHORT, d3 + b))).fma(v, a3);
            }
        }
        // reduceAt's tree, written out as in stridedTilesBf16; the four sums left at acc (finish's summed)
        if (LANES > 8) {
            a0 = a0.add(a0.rearrange(SWAP8));
            a1 = a1.add(a1.rearrange(SWAP8));
            a2 = a2.add(a2.rearrange(SWAP8));
            a3 = a3.add(a3.rearrange(SWAP8));
        }
        if (LANES > 4) {
            a0 = a0.add(a0.rearrange(SWAP4));
            a1 = a1.add(a1.rearrange(SWAP4));
            a2 = a2.add(a2.rearrange(SWAP4));
            a3 = a3.add(a3.rearrange(SWAP4));
        }
        a0 = a0.add(a0.rearrange(SWAP2));
        a1 = a1.add(a1.rearrange(SWAP2));
        a2 = a2.add(a2.rearrange(SWAP2));
        a3 = a3.add(a3.rearrange(SWAP2));
        a0 = a0.add(a0.rearrange(SWAP1));
        a1 = a1.add(a1.rearrange(SWAP1));
        a2 = a2.add(a2.rearrange(SWAP1));
        a3 = a3.add(a3.rearrange(SWAP1));
        sc.set(ValueLayout.JAVA_FLOAT_UNALIGNED, acc, a0.lane(0));
        sc.set(ValueLayout.JAVA_FLOAT_UNALIGNED, acc + 4, a1.lane(0));
        sc.set(ValueLayout.JAVA_FLOAT_UNALIGNED, acc + 8, a2.lane(0));
        sc.set(ValueLayout.JAVA_FLOAT_UNALIGNED, acc + 12, a3.lane(0));
        return c;
    }

    /**
     * One F16 row, widened in registers with the formula of {@link F16Matrix} (written out again here: a
     * helper returning the vector was boxed when C2 declined to inline it into a 4-row tile, 3 GB/s of
     * garbage). One row at a time keeps the conversion's many registers free; the rows run on as one
     * sequential stream. smollm2 in F16: 22.6 tok/s widened through the scratch, 32 tok/s here.
     */
    private static int tile1x1F16(MemorySegment m, long rb, int cols, float[] x, int xo, MemorySegment sc, long acc) {
        FloatVector a = FloatVector.zero(F);
        int c = 0;
        for (; c <= cols - LANES; c += LANES) {
            ShortVector s = ShortVector.fromMemorySegment(HALVES, m, rb + 2L * c, LE);
            IntVector h = (IntVector) s.convertShape(VectorOperators.S2I, I32, 0);
            IntVector magnitude = h.and(0x7fff);
            IntVector bits = magnitude.lanewise(VectorOperators.LSHL, 13);
            IntVector value = bits.reinterpretAsFloats().mul(0x1p112f).reinterpretAsInts();
            VectorMask<Integer> special = magnitude.compare(VectorOperators.GE, 0x7c00);
            if (special.anyTrue()) { // infinities and NaNs: rare in weights, so tested once per chunk
                value = value.blend(bits.or(0x7f800000), special).blend(bits.or(0x7fc00000), magnitude.compare(VectorOperators.GT, 0x7c00));
            }
            // h is sign-extended: its bit 31 is the half's sign bit
            a = value.or(h.and(0x80000000)).reinterpretAsFloats().fma(FloatVector.fromArray(F, x, xo + c), a);
        }
        // reduceAt's tree in registers, the sum left at acc (finish's summed)
        if (LANES > 8) a = a.add(a.rearrange(SWAP8));
        if (LANES > 4) a = a.add(a.rearrange(SWAP4));
        a = a.add(a.rearrange(SWAP2));
        a = a.add(a.rearrange(SWAP1));
        sc.set(ValueLayout.JAVA_FLOAT_UNALIGNED, acc, a.lane(0));
        return c;
    }

    /**
     * {@code dst[d ..]} = x[xo ..] in kernel order: per full block of 2*LANES, the LANES even elements
     * then the LANES odd ones; the tail copied as is. A permutation: no arithmetic, no rounding.
     */
    static void pairInput(float[] x, int xo, float[] dst, int d, int cols) {
        int c = 0;
        for (; c <= cols - 2 * LANES; c += 2 * LANES) {
            FloatVector lo = FloatVector.fromArray(F, x, xo + c), hi = FloatVector.fromArray(F, x, xo + c + LANES);
            lo.rearrange(UNZIP_EVEN, hi).intoArray(dst, d + c);
            lo.rearrange(UNZIP_ODD, hi).intoArray(dst, d + c + LANES);
        }
        System.arraycopy(x, xo + c, dst, d + c, cols - c);
    }

    /** The column at position k of a row in kernel order, for a lane-pairing format. */
    static int pairedColumn(int k, int cols) {
        int block = 2 * LANES;
        if (k >= cols / block * block) return k;
        int i = k % block;
        return k - i + (i < LANES ? 2 * i : 2 * (i - LANES) + 1);
    }

    /** One row, four tokens. */
    private static int tile1x4(MemorySegment m, long rb, int cols, float[] x, int xo, MemorySegment sc, long acc) {
        int x1 = xo + cols, x2 = x1 + cols, x3 = x2 + cols;
        FloatVector a0 = FloatVector.zero(F), a1 = a0, a2 = a0, a3 = a0;
        int c = 0;
        for (; c <= cols - LANES; c += LANES) {
            FloatVector wv = FloatVector.fromMemorySegment(F, m, rb + 4L * c, LE);
            a0 = wv.fma(FloatVector.fromArray(F, x, xo + c), a0);
            a1 = wv.fma(FloatVector.fromArray(F, x, x1 + c), a1);
            a2 = wv.fma(FloatVector.fromArray(F, x, x2 + c), a2);
            a3 = wv.fma(FloatVector.fromArray(F, x, x3 + c), a3);
        }
        long vb = F.vectorByteSize();
        a0.intoMemorySegment(sc, acc, LE);
        a1.intoMemorySegment(sc, acc + vb, LE);
        a2.intoMemorySegment(sc, acc + 2 * vb, LE);
        a3.intoMemorySegment(sc, acc + 3 * vb, LE);
        return c;
    }

    private static int tile1x1(MemorySegment m, long rb, int cols, float[] x, int xo, MemorySegment sc, long acc) {
        FloatVector a = FloatVector.zero(F);
        int c = 0;
        for (; c <= cols - LANES; c += LANES) {
            a = FloatVector.fromMemorySegment(F, m, rb + 4L * c, LE).fma(FloatVector.fromArray(F, x, xo + c), a);
        }
        a.intoMemorySegment(sc, acc, LE);
        return c;
    }
}
