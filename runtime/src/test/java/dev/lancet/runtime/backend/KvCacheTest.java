package dev.lancet.runtime.backend;

import dev.lancet.runtime.LancetException;
import dev.lancet.runtime.tensor.HalfFloats;
import dev.lancet.runtime.tensor.VectorKernels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The 16-bit KV caches: each element rounded to the nearest code once, widened back exactly, and attention over
 * such a cache is attention over an F32 cache holding the rounded values, bit for bit, however the work is split.
 */
class KvCacheTest {
    /** The bf16 nearest to f by exhaustive comparison of the two neighbours in double, ties to the even code. */
    private static short nearestBF16(float f) {
        int bits = Float.floatToRawIntBits(f);
        int down = bits & 0xffff0000, up = down + 0x10000;
        double lo = Float.intBitsToFloat(down), hi = Float.intBitsToFloat(up);
        if ((up & 0x7f800000) == 0x7f800000 && (up & 0x007fffff) == 0) hi = Math.copySign(Math.pow(2, 128), f); // rounding past the top: to infinity
        double dLo = Math.abs(f - lo), dHi = Math.abs(hi - f);
        int pick = dLo < dHi ? down : dHi < dLo ? up : ((down >>> 16) & 1) == 0 ? down : up;
        return (short) (pick >>> 16);
    }

    @Test
    void bf16RoundsToTheNearestCodeTiesToEven() {
        SplittableRandom r = new SplittableRandom(3);
        float[] edges = {0f, -0f, 1f, -1f, Float.MIN_VALUE, -Float.MIN_NORMAL, Float.MAX_VALUE, -Float.MAX_VALUE,
                Float.intBitsToFloat(0x3f808000), // exactly between 1.0 and the next bf16: ties to 1.0 (even)
                Float.intBitsToFloat(0x3f818000), // between two codes whose lower one is odd: up
                Float.intBitsToFloat(0x7f7f7fff), Float.intBitsToFloat(0x7f7f8000), Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY};
        for (float f : edges) assertEquals(nearestBF16(f), HalfFloats.toBF16(f), "bf16 of " + f + " (" + Integer.toHexString(Float.floatToRawIntBits(f)) + ")");
        for (int i = 0; i < 200_000; i++) {
            float f = Float.intBitsToFloat(r.nextInt());
            if (Float.isNaN(f)) {
                assertTrue(Float.isNaN(HalfFloats.fromBF16(HalfFloats.toBF16(f))), "NaN stays NaN: " + Integer.toHexString(Float.floatToRawIntBits(f)));
            } else {
                assertEquals(nearestBF16(f), HalfFloats.toBF16(f), "bf16 of " + Integer.toHexString(Float.floatToRawIntBits(f)));
            }
        }
    }

    /** Every one of the 65536 codes, through the vector lanes and the scalar tail, against the JDK's scalar conversions. */
    @Test
    void widening16BitCodesIsExactForEveryCode() {
        int n = 65536 + 5, from = 3; // a head before the first whole group, and a tail past the last
        short[] codes = new short[n + from + HalfFloats.GROUP];
        for (int i = 0; i < n; i++) codes[HalfFloats.paired(from + i)] = (short) i; // logical element from + i holds code i
        float[] bf = new float[n], f16 = new float[n];
        HalfFloats.widenBF16(codes, from, bf, 0, n);
        HalfFloats.widenF16(codes, from, f16, 0, n);
        for (int i = 0; i < n; i++) {
            short code = (short) i;
            assertEquals(code << 16, Float.floatToRawIntBits(bf[i]), "bf16 code " + Integer.toHexString(i));
            assertEquals(Float.floatToRawIntBits(Float.float16ToFloat(code)), Float.floatToRawIntBits(f16[i]), "f16 code " + Integer.toHexString(i));
        }
        boolean[] seen = new boolean[4 * HalfFloats.GROUP];
        for (int e = 0; e < seen.length; e++) {
            int at = HalfFloats.paired(e);
            assertTrue(at / HalfFloats.GROUP == e / HalfFloats.GROUP && !seen[at], "the paired layout permutes within a group: " + e + " -> " + at);
            seen[at] = true;
        }
    }

    @ParameterizedTest
    @EnumSource(KvPrecision.class)
    void storedKeysAndValuesReadBackRoundedOnce(KvPrecision precision) {
        int kvHeads = 3, headDim = VectorKernels.LANES + 3, context = 37;
        SplittableRandom r = new SplittableRandom(9);
        float[] keys = AttentionGroupingTest.random(r, kvHeads * context * headDim), values = AttentionGroupingTest.random(r, kvHeads * context * headDim);
        KvCache cache = AttentionGroupingTest.filled(precision, kvHeads, headDim, context, keys, values);
        assertEquals(48, cache.positions(), "rounded up to whole key tiles");
        assertEquals(2L * kvHeads * 48 * headDim * precision.bytes(), cache.bytes());
        for (int h = 0; h < kvHeads; h++) {
            for (int p = 0; p < context; p++) {
                for (int i = 0; i < headDim; i++) {
                    int at = (h * context + p) * headDim + i;
                    assertEquals(Float.floatToRawIntBits(rounded(precision, keys[at])), Float.floatToRawIntBits(cache.key(0, h, p, i)), "key " + h + "," + p + "," + i);
                    assertEquals(Float.floatToRawIntBits(rounded(precision, values[at])), Float.floatToRawIntBits(cache.value(0, h, p, i)), "value " + h + "," + p + "," + i);
                }
            }
        }
        float[] one = new float[kvHeads * headDim];
        IndexOutOfBoundsException e = assertThrows(IndexOutOfBoundsException.class, () -> cache.store(0, 48, one, 0, one, 0));
        assertTrue(e.getMessage().contains("position 48"), e.getMessage());
    }

    static float rounded(KvPrecision precision, float f) {
        return switch (precision) {
            case F32 -> f;
            case BF16 -> HalfFloats.fromBF16(HalfFloats.toBF16(f));
            case F16 -> Float.float16ToFloat(Float.floatToFloat16(f));
        };
    }

    /**
     * threads, heads, kv heads, cached positions, first position, tokens: a decode step over one chunk (per head), over
     * several chunks (chunk items), and batches (group items of query tiles) straddling a chunk boundary.
     */
    @ParameterizedTest
    @CsvSource({"1, 6, 2, 112, 100, 1", "2, 6, 2, 112, 100, 1", "2, 6, 2, 1312, 1100, 1", "3, 6, 2, 1312, 1100, 1",
            "1, 6, 2, 400, 120, 13", "2, 6, 2, 400, 250, 11", "2, 4, 4, 304, 120, 9"})
    void attentionOverA16BitCacheIsAttentionOverTheRoundedFloats(int threads, int heads, int kvHeads, int context, int pos0, int tokens) {
        for (int headDim : new int[] {2 * VectorKernels.LANES + 3, 4 * VectorKernels.LANES}) {
            for (KvPrecision precision : new KvPrecision[] {KvPrecision.BF16, KvPrecision.F16}) {
                SplittableRandom r = new SplittableRandom(31);
                int qDim = heads * headDim;
                float[] q = AttentionGroupingTest.random(r, tokens * qDim);
                float[] keys = AttentionGroupingTest.random(r, kvHeads * context * headDim), values = AttentionGroupingTest.random(r, kvHeads * context * headDim);
                float[] roundedKeys = keys.clone(), roundedValues = values.clone();
                for (int i = 0; i < keys.length; i++) {
                    roundedKeys[i] = rounded(precision, keys[i]);
                    roundedValues[i] = rounded(precision, values[i]);
                }
                KvCache half = AttentionGroupingTest.filled(precision, kvHeads, headDim, context, keys, values);
                KvCache exact = AttentionGroupingTest.filled(KvPrecision.F32, kvHeads, headDim, context, roundedKeys, roundedValues);
                float[] got = new float[tokens * qDim], expected = new float[tokens * qDim];
                try (CpuBackend be = new CpuBackend(threads, 64)) {
                    be.attention(q, half, 0, pos0, tokens, got, heads);
                    be.attention(q, exact, 0, pos0, tokens, expected, heads);
                }
                boolean differsFromUnrounded = false;
                float[] unrounded = new float[tokens * qDim];
                try (CpuBackend be = new CpuBackend(threads, 64)) {
                    be.attention(q, AttentionGroupingTest.filled(KvPrecision.F32, kvHeads, headDim, context, keys, values), 0, pos0, tokens, unrounded, heads);
                }
                for (int i = 0; i < got.length; i++) {
                    assertEquals(Float.floatToRawIntBits(expected[i]), Float.floatToRawIntBits(got[i]), precision + " head size " + headDim + " element " + i);
                    differsFromUnrounded |= got[i] != unrounded[i];
                    assertTrue(Math.abs(got[i] - unrounded[i]) < (precision == KvPrecision.BF16 ? 2e-2 : 2e-3), precision + " element " + i + ": " + got[i] + " vs " + unrounded[i]);
                }
                assertTrue(differsFromUnrounded, precision + ": the rounding reached the output");
            }
        }
    }

    @Test
    void anUnknownCacheTypeIsRefusedByName() {
        assertEquals(KvPrecision.BF16, KvPrecision.parse("BF16"));
        assertEquals(KvPrecision.F16, KvPrecision.parse("f16"));
        LancetException e = assertThrows(LancetException.class, () -> KvPrecision.parse("q4_0"));
        assertTrue(e.getMessage().contains("'q4_0'") && e.getMessage().contains("f32, bf16 or f16"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new KvCache(null, 1, 1, 1, 1));
    }
}
