package dev.lancet.steering.edit;

/** The checks and the unit direction shared by the vector ops. */
final class VectorChecks {
    private VectorChecks() {
    }

    static void nonEmptyFinite(EditOp.FieldCheck check, float[] v) {
        if (v.length == 0) check.fail("vector", "is empty");
        check.finite("vector", v);
    }

    static void nonZero(EditOp.FieldCheck check, float[] v) {
        if (norm(v) == 0) check.fail("vector", "has zero length, so it has no direction");
    }

    static void width(OpBinding b, float[] v) {
        if (v.length != b.width()) {
            throw b.fail("vector", "has " + v.length + " entries but " + b.site().id() + " has width " + b.width()
                    + (b.site().isNeuronSite() ? " (intermediate_size)" : " (hidden_size)"));
        }
    }

    /** {@code u = v / |v|}, the norm in double. */
    static float[] unit(float[] v) {
        double n = norm(v);
        float[] u = new float[v.length];
        for (int i = 0; i < v.length; i++) u[i] = (float) (v[i] / n);
        return u;
    }

    private static double norm(float[] v) {
        double ss = 0;
        for (float x : v) ss += (double) x * x;
        return Math.sqrt(ss);
    }
}
