package dev.lancet.steering.edit;

/**
 * A per-step strength schedule {@code [s0, s1, ...]} for one edit. With an unedited activation {@code h} and the
 * edit's full result {@code e(h)}, the activation at step t becomes
 * <pre>  h' = h + s_t * (e(h) - h),   s_t = schedule[min(t, length - 1)]</pre>
 * so 1 is the full edit, 0 none, and for a vector add it scales the coefficient. Step 0 covers the prompt tokens
 * (which produce the first generated token); step t >= 1 is the t-th generated token fed back into the model.
 * At s_t == 1 the edit runs exactly as without a schedule (bit-identical); at 0 it is skipped.
 */
public final class Schedule {
    private final float[] steps;

    private Schedule(float[] steps) {
        this.steps = steps;
    }

    public static Schedule of(float... steps) {
        if (steps.length == 0) throw new IllegalArgumentException("the schedule is empty");
        return new Schedule(steps.clone());
    }

    /** The multiplier at decode step {@code step}; the last entry holds for every later step. */
    public float at(int step) {
        return steps[Math.min(step, steps.length - 1)];
    }

    public float[] steps() {
        return steps.clone();
    }

    int length() {
        return steps.length;
    }

    float get(int i) {
        return steps[i];
    }
}
