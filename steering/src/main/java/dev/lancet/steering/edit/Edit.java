package dev.lancet.steering.edit;

import dev.lancet.runtime.edit.Site;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Objects;

/**
 * One edit: an op at a site, on chosen layers, neurons (neuron ops only; null = every entry of the site) and
 * positions, with an optional per-step schedule. Immutable. Build with {@link #on(Site)}:
 * <pre>{@code
 *   Edit.on(Site.MLP_NEURONS).layers(4).neurons(33).positions(Positions.of(0, 1, 2)).scale(3f)
 *   Edit.on(Site.RESIDUAL).layers(1).addVector(v, 1.5f)
 * }</pre>
 */
public final class Edit {
    private final Site site;
    private final Layers layers;
    private final int[] neurons;
    private final EditOp op;
    private final Positions positions;
    private final Schedule schedule;

    public Edit(Site site, Layers layers, int[] neurons, EditOp op, Positions positions, Schedule schedule) {
        this.site = Objects.requireNonNull(site, "site");
        this.layers = Objects.requireNonNull(layers, "layers");
        this.neurons = neurons == null ? null : neurons.clone();
        this.op = Objects.requireNonNull(op, "op");
        this.positions = positions == null ? Positions.all() : positions;
        this.schedule = schedule;
    }

    public static Builder on(Site site) {
        return new Builder(site);
    }

    public Site site() {
        return site;
    }

    public Layers layers() {
        return layers;
    }

    /** The chosen neurons in the given order, or null for every entry of the site. */
    public int[] neurons() {
        return neurons == null ? null : neurons.clone();
    }

    public EditOp op() {
        return op;
    }

    public Positions positions() {
        return positions;
    }

    /** The per-step schedule, or null (full strength at every step). */
    public Schedule schedule() {
        return schedule;
    }

    /** This edit with another op (same selectors). */
    public Edit withOp(EditOp newOp) {
        return new Edit(site, layers, neurons, newOp, positions, schedule);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Edit e && e.site == site && e.layers.equals(layers) && Arrays.equals(e.neurons, neurons)
                && e.op.equals(op) && e.positions.equals(positions)
                && (e.schedule == null ? schedule == null : schedule != null && Arrays.equals(e.schedule.steps(), schedule.steps()));
    }

    @Override
    public int hashCode() {
        return Objects.hash(site, layers, op, positions) * 31 + Arrays.hashCode(neurons);
    }

    @Override
    public String toString() {
        return op.id() + " on " + site.id() + " layers " + layers + (neurons == null ? "" : " neurons " + Arrays.toString(neurons))
                + (positions.isAll() ? "" : " positions " + positions);
    }

    /** Selectors first, then one terminal op method that returns the edit. */
    public static final class Builder {
        private final Site site;
        private Layers layers = Layers.all();
        private int[] neurons;
        private Positions positions = Positions.all();
        private Schedule schedule;

        private Builder(Site site) {
            this.site = Objects.requireNonNull(site, "site");
        }

        public Builder layers(int... layers) {
            this.layers = Layers.of(layers);
            return this;
        }

        public Builder layers(Layers layers) {
            this.layers = Objects.requireNonNull(layers);
            return this;
        }

        public Builder neurons(int... neurons) {
            this.neurons = neurons.clone();
            return this;
        }

        public Builder positions(Positions positions) {
            this.positions = Objects.requireNonNull(positions);
            return this;
        }

        public Builder schedule(float... steps) {
            this.schedule = Schedule.of(steps);
            return this;
        }

        public Edit op(EditOp op) {
            return new Edit(site, layers, neurons, op, positions, schedule);
        }

        public Edit set(float value) {
            return op(new SetOp(value));
        }

        public Edit zero() {
            return op(new ZeroOp());
        }

        public Edit scale(float factor) {
            return op(new ScaleOp(factor));
        }

        public Edit add(float value) {
            return op(new AddOp(value));
        }

        /** Either bound may be null. */
        public Edit clamp(Float min, Float max) {
            return op(new ClampOp(min, max));
        }

        public Edit mean(Path stats) {
            return op(new MeanOp(stats));
        }

        public Edit steer(Path stats, float k) {
            return op(SteerOp.fromStats(stats, k));
        }

        public Edit steerTo(float... targets) {
            return op(SteerOp.toValues(targets));
        }

        public Edit addVector(float[] vector, float coefficient) {
            return op(new VectorAddOp(vector, coefficient));
        }

        public Edit projectOut(float[] direction) {
            return op(new ProjectOutOp(direction));
        }

        public Edit ablateThenAdd(float[] vector, float coefficient) {
            return op(new AblateThenAddOp(vector, coefficient));
        }
    }
}
