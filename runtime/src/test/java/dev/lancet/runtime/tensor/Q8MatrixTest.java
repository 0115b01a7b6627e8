package dev.lancet.runtime.tensor;

import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Q8_0 quantization: per-block error bound, zero blocks, a short last block, and the byte count. */
class Q8MatrixTest {
    @Test
    void everyWeightIsWithinHalfAStepOfItsBlockScale() {
        int rows = 7, cols = 100; // 100 = 3 full blocks + a block of 4
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment src = KernelOrderTest.randomF32(arena, rows, cols, 11);
            F32Matrix f = new F32Matrix(src, rows, cols);
            Q8Matrix q = Q8Matrix.quantize(f, arena);
            assertEquals((long) rows * cols + (long) rows * 4 * 2, q.byteSize());
            for (int r = 0; r < rows; r++) {
                for (int b = 0; b * Q8Matrix.BLOCK < cols; b++) {
                    int c0 = b * Q8Matrix.BLOCK, c1 = Math.min(cols, c0 + Q8Matrix.BLOCK);
                    float amax = 0;
                    for (int c = c0; c < c1; c++) amax = Math.max(amax, Math.abs(f.get(r, c)));
                    float d = amax / 127f, stored = Float.float16ToFloat(Float.floatToFloat16(d));
                    // rounding to the nearest step of d, then the f16 rounding of d scaled by |q| <= 127
                    double bound = d / 2 + 127 * Math.abs(d - stored) + 1e-7;
                    for (int c = c0; c < c1; c++) {
                        double err = Math.abs(f.get(r, c) - q.get(r, c));
                        assertTrue(err <= bound, "row " + r + " col " + c + ": error " + err + " > " + bound);
                    }
                }
            }
        }
    }

    @Test
    void allZeroBlockStaysZero() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment zeros = arena.allocate(4L * 64, 64);
            Q8Matrix q = Q8Matrix.quantize(new F32Matrix(zeros, 1, 64), arena);
            for (int c = 0; c < 64; c++) assertEquals(0f, q.get(0, c));
        }
    }
}
