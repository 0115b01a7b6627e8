package dev.lancet.steering.edit;

import java.util.Arrays;

/**
 * {@code add} (with a vector): {@code x = x + w} with {@code w[i] = coefficient * v[i]} rounded to float once at
 * bind time (ActAdd / CAA, and llama.cpp's control vectors, whose direction is {@code w}).
 */
public record VectorAddOp(float[] vector, float coefficient) implements VectorOp {
    public VectorAddOp {
        vector = vector.clone();
    }

    @Override
    public float[] vector() {
        return vector.clone();
    }

    /** The vector actually added: {@code coefficient * v} in float. */
    public float[] scaledVector() {
        float[] w = new float[vector.length];
        for (int i = 0; i < w.length; i++) w[i] = coefficient * vector[i];
        return w;
    }

    @Override
    public String id() {
        return "add";
    }

    @Override
    public void check(FieldCheck check) {
        VectorChecks.nonEmptyFinite(check, vector);
        check.finite("coefficient", coefficient);
    }

    @Override
    public EditKernel bind(OpBinding b) {
        VectorChecks.width(b, vector);
        float[] w = scaledVector();
        int n = w.length;
        return (x, off) -> {
            for (int i = 0; i < n; i++) x[off + i] += w[i];
        };
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof VectorAddOp a && Arrays.equals(a.vector, vector) && Float.compare(a.coefficient, coefficient) == 0;
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(vector) * 31 + Float.hashCode(coefficient);
    }

    @Override
    public String toString() {
        return "VectorAddOp[" + vector.length + " entries, coefficient=" + coefficient + "]";
    }
}
