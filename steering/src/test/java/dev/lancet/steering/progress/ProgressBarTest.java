package dev.lancet.steering.progress;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.*;

class ProgressBarTest {

    @Test
    void logModePrintsALineEveryTenPercent() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        AtomicLong clock = new AtomicLong();
        try (ProgressBar bar = new ProgressBar("record", 200, true, false, new PrintStream(bytes, true, StandardCharsets.UTF_8), clock::get)) {
            for (int i = 0; i < 200; i++) {
                clock.addAndGet(50_000_000L); // 20 steps per second
                bar.step();
            }
        }
        String out = bytes.toString(StandardCharsets.UTF_8);
        String[] lines = out.split("\n");
        assertEquals(10, lines.length, out);
        assertFalse(out.contains("\r"));
        assertTrue(lines[0].startsWith("record [") && lines[0].contains("20/200") && lines[0].contains("10%"), lines[0]);
        assertTrue(lines[0].contains("20.0/s") && lines[0].contains("ETA 0:09"), lines[0]);
        assertTrue(lines[9].contains("200/200 100%") && lines[9].contains(" in 0:10"), lines[9]);
    }

    @Test
    void terminalModeRewritesOneLine() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        AtomicLong clock = new AtomicLong();
        try (ProgressBar bar = new ProgressBar("sweep", 50, true, true, new PrintStream(bytes, true, StandardCharsets.UTF_8), clock::get)) {
            for (int i = 0; i < 50; i++) {
                clock.addAndGet(30_000_000L);
                bar.step();
            }
        }
        String out = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(out.startsWith("\r"));
        assertEquals(1, out.chars().filter(c -> c == '\n').count(), "one newline at close");
        long redraws = out.chars().filter(c -> c == '\r').count();
        assertTrue(redraws >= 10 && redraws <= 20, "throttled to about one redraw per 100 ms: " + redraws);
        assertTrue(out.contains("50/50 100%"));
    }

    @Test
    void disabledPrintsNothing() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ProgressBar bar = new ProgressBar("x", 10, false, true, new PrintStream(bytes, true, StandardCharsets.UTF_8), System::nanoTime)) {
            bar.step(10);
            assertEquals(10, bar.done());
        }
        assertEquals(0, bytes.size());
    }

    @Test
    void emptyAndOvershootingTotals() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ProgressBar bar = new ProgressBar("", 3, true, false, new PrintStream(bytes, true, StandardCharsets.UTF_8), () -> 0L)) {
            bar.step(5);
            assertEquals(3, bar.done());
        }
        assertTrue(bytes.toString(StandardCharsets.UTF_8).contains("3/3 100%"));
        assertThrows(IllegalArgumentException.class, () -> new ProgressBar("", -1, true, false, System.err, () -> 0L));
    }
}
