package dev.lancet.steering.edit;

import java.util.Arrays;

/**
 * {@code project_out}: removes the component of {@code x} along the direction {@code v}:
 * {@code x = x - (x . u) u} with {@code u = v / |v|} (the dot product accumulated in double, u rounded to float at
 * bind time). Directional ablation.
 */
public record ProjectOutOp(float[] vector) implements VectorOp {
    public ProjectOutOp {
        vector = vector.clone();
    }

    @Override
    public float[] vector() {
        return vector.clone();
    }

    @Override
    public String id() {
        return "project_out";
    }

    @Override
    public void check(FieldCheck check) {
        VectorChecks.nonEmptyFinite(check, vector);
        VectorChecks.nonZero(check, vector);
    }

    @Override
    public EditKernel bind(OpBinding b) {
        VectorChecks.width(b, vector);
        float[] u = VectorChecks.unit(vector);
        int n = u.length;
        return (x, off) -> {
            double dot = 0;
            for (int i = 0; i < n; i++) dot += (double) x[off + i] * u[i];
            for (int i = 0; i < n; i++) x[off + i] = (float) (x[off + i] - dot * u[i]);
        };
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ProjectOutOp p && Arrays.equals(p.vector, vector);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(vector);
    }

    @Override
    public String toString() {
        return "ProjectOutOp[" + vector.length + " entries]";
    }
}
