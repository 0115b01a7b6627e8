package dev.lancet.steering.values;

/** "Nice" axis ticks: steps of 1, 2 or 5 times a power of ten, about five per axis. */
record AxisTicks(double min, double max, double step) {

    static AxisTicks of(double lo, double hi) {
        if (!Double.isFinite(lo) || !Double.isFinite(hi)) {
            lo = 0;
            hi = 1;
        }
        if (hi < lo) {
            double t = lo;
            lo = hi;
            hi = t;
        }
        if (hi == lo) {
            double pad = lo == 0 ? 1 : Math.abs(lo) * 0.1;
            lo -= pad;
            hi += pad;
        }
        double raw = (hi - lo) / 5;
        double mag = Math.pow(10, Math.floor(Math.log10(raw)));
        double norm = raw / mag;
        double step = (norm < 1.5 ? 1 : norm < 3 ? 2 : norm < 7 ? 5 : 10) * mag;
        double min = Math.floor(lo / step + 1e-9) * step;
        double max = Math.ceil(hi / step - 1e-9) * step;
        return new AxisTicks(min, max, step);
    }

    /** Tick positions from min to max inclusive. */
    double[] ticks() {
        int n = (int) Math.round((max - min) / step) + 1;
        double[] t = new double[n];
        for (int i = 0; i < n; i++) {
            t[i] = min + i * step;
            if (Math.abs(t[i]) < step * 1e-9) t[i] = 0;
        }
        return t;
    }
}
