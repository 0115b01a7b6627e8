package dev.lancet.steering.edit;

import java.util.Arrays;

/**
 * {@code ablate_then_add}: {@code project_out} then {@code add} with the same vector:
 * {@code x = x - (x . u) u + coefficient * v}, {@code u = v / |v|}. Whatever the component of x along v was,
 * it becomes {@code coefficient * |v|}.
 */
public record AblateThenAddOp(float[] vector, float coefficient) implements VectorOp {
    public AblateThenAddOp {
        vector = vector.clone();
    }

    @Override
    public float[] vector() {
        return vector.clone();
    }

    @Override
    public String id() {
        return "ablate_then_add";
    }

    @Override
    public void check(FieldCheck check) {
        VectorChecks.nonEmptyFinite(check, vector);
        VectorChecks.nonZero(check, vector);
        check.finite("coefficient", coefficient);
    }

    @Override
    public EditKernel bind(OpBinding b) {
        VectorChecks.width(b, vector);
        float[] u = VectorChecks.unit(vector);
        float[] w = new float[vector.length];
        for (int i = 0; i < w.length; i++) w[i] = coefficient * vector[i];
        int n = u.length;
        return (x, off) -> {
            double dot = 0;
            for (int i = 0; i < n; i++) dot += (double) x[off + i] * u[i];
            for (int i = 0; i < n; i++) x[off + i] = (float) (x[off + i] - dot * u[i]) + w[i];
        };
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AblateThenAddOp a && Arrays.equals(a.vector, vector) && Float.compare(a.coefficient, coefficient) == 0;
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(vector) * 31 + Float.hashCode(coefficient);
    }

    @Override
    public String toString() {
        return "AblateThenAddOp[" + vector.length + " entries, coefficient=" + coefficient + "]";
    }
}
