package dev.lancet.steering.progress;

import java.io.PrintStream;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * A progress bar on stderr for long loops (locate, sweep, record).
 *
 * <ul>
 *   <li>terminal: one line rewritten in place with a carriage return, at most every 100 ms:
 *       {@code label [#####.....] 412/1718 24% 36.2/s ETA 0:36};</li>
 *   <li>not a terminal (a log file, CI): one full line each time another 10% is done, and at the end;</li>
 *   <li>disabled: no output at all.</li>
 * </ul>
 * Whether stderr is a terminal cannot be asked in plain Java; {@link #forStderr} uses
 * {@code System.console().isTerminal()} (true when the JVM talks to an interactive terminal) and
 * TERM != dumb. Thread-safe: workers may call {@link #step()} concurrently. Output never affects
 * results.
 */
public final class ProgressBar implements AutoCloseable {
    private static final int BAR_WIDTH = 28;
    private static final long REDRAW_NANOS = 100_000_000L;

    private final String label;
    private final long total;
    private final boolean enabled;
    private final boolean terminal;
    private final PrintStream out;
    private final LongSupplier clock;
    private final long start;

    private long done;
    private long lastDraw = Long.MIN_VALUE;
    private int lastDecile = 0;
    private int lastWidth = 0;
    private boolean closed;

    /**
     * @param label    what is being counted, e.g. "locate: record"
     * @param total    number of steps (>= 0)
     * @param enabled  false for no output
     * @param terminal true for in-place updates, false for a line per 10%
     * @param out      where to write (stderr)
     * @param clock    nanosecond clock (System::nanoTime; a fake one in tests)
     */
    public ProgressBar(String label, long total, boolean enabled, boolean terminal, PrintStream out, LongSupplier clock) {
        if (total < 0) throw new IllegalArgumentException("progress total must be >= 0, got " + total);
        this.label = label;
        this.total = total;
        this.enabled = enabled;
        this.terminal = terminal;
        this.out = out;
        this.clock = clock;
        this.start = clock.getAsLong();
    }

    /** A bar on System.err; terminal mode when stderr looks interactive. */
    public static ProgressBar forStderr(String label, long total, boolean enabled) {
        return new ProgressBar(label, total, enabled, stderrIsTerminal(), System.err, System::nanoTime);
    }

    /** A bar that prints nothing. */
    public static ProgressBar disabled() {
        return new ProgressBar("", 0, false, false, System.err, () -> 0L);
    }

    static boolean stderrIsTerminal() {
        java.io.Console console = System.console();
        String term = System.getenv("TERM");
        return console != null && console.isTerminal() && term != null && !term.equals("dumb");
    }

    public void step() {
        step(1);
    }

    /** Records {@code n} more steps done. */
    public synchronized void step(long n) {
        if (n < 0) throw new IllegalArgumentException("progress step must be >= 0, got " + n);
        done = Math.min(total, done + n);
        if (!enabled || closed) return;
        long now = clock.getAsLong();
        if (terminal) {
            if (done == total || lastDraw == Long.MIN_VALUE || now - lastDraw >= REDRAW_NANOS) {
                lastDraw = now;
                String line = render(now);
                int pad = Math.max(0, lastWidth - line.length());
                out.print("\r" + line + " ".repeat(pad));
                lastWidth = line.length();
                out.flush();
            }
        } else {
            int decile = total == 0 ? 10 : (int) (done * 10 / total);
            if (decile > lastDecile) {
                lastDecile = decile;
                out.println(render(now));
                out.flush();
            }
        }
    }

    /** Steps done so far. */
    public synchronized long done() {
        return done;
    }

    /** Ends the bar: a final newline in terminal mode, a final line otherwise if 100% was not printed. */
    @Override
    public synchronized void close() {
        if (closed) return;
        closed = true;
        if (!enabled) return;
        long now = clock.getAsLong();
        if (terminal) {
            out.print("\r" + render(now) + " ".repeat(Math.max(0, lastWidth - render(now).length())) + "\n");
        } else if (lastDecile < 10) {
            out.println(render(now));
        }
        out.flush();
    }

    /** The status line: label, bar, count, percent, rate, ETA (or elapsed time when finished). */
    String render(long now) {
        double seconds = Math.max(0, (now - start) / 1e9);
        double fraction = total == 0 ? 1 : (double) done / total;
        int filled = (int) Math.round(fraction * BAR_WIDTH);
        StringBuilder sb = new StringBuilder(96);
        if (!label.isEmpty()) sb.append(label).append(' ');
        sb.append('[').append("#".repeat(filled)).append(".".repeat(BAR_WIDTH - filled)).append("] ");
        sb.append(done).append('/').append(total).append(' ');
        sb.append(String.format(Locale.ROOT, "%3d%%", Math.round(fraction * 100)));
        double rate = seconds > 0 ? done / seconds : 0;
        if (rate > 0) sb.append(String.format(Locale.ROOT, " %.1f/s", rate));
        if (done >= total) {
            sb.append(" in ").append(clockTime(seconds));
        } else if (rate > 0) {
            sb.append(" ETA ").append(clockTime((total - done) / rate));
        } else {
            sb.append(" ETA --");
        }
        return sb.toString();
    }

    private static String clockTime(double seconds) {
        long s = Math.round(seconds);
        if (s >= 3600) return String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, (s / 60) % 60, s % 60);
        return String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }
}
