package dev.lancet.runtime.perf;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class ResidentFileMappingsTest {
    private static final String JDK = "/usr/lib/jvm/jdk-25";

    @Test
    void sumsEachMappingsFilePagesByOwner() {
        List<String> smaps = List.of(
                "7f0000000000-7f0010000000 r--s 00000000 fd:01 1234      /data/my model/model-00001-of-00002.safetensors",
                "Size:             262144 kB",
                "Rss:              100000 kB",
                "Pss:              100000 kB",
                "7f0010000000-7f0020000000 r--s 00000000 fd:01 1235      /data/my model/model-00002-of-00002.safetensors",
                "Rss:                  28 kB",
                "7f1000000000-7f1001000000 r-xp 00000000 fd:01 99        " + JDK + "/lib/server/libjvm.so",
                "Rss:               18000 kB",
                "7f1001000000-7f1002000000 r--p 00000000 fd:01 98        " + JDK + "/lib/server/classes.jsa (deleted)",
                "Rss:               13000 kB",
                "Anonymous:          2000 kB",
                "7f2000000000-7f2000100000 r-xp 00000000 fd:01 7         /usr/lib/x86_64-linux-gnu/libc.so.6",
                "Rss:                1500 kB",
                "7f3000000000-7f3004000000 rw-p 00000000 00:00 0 ",
                "Rss:               44000 kB",
                "Anonymous:         44000 kB",
                "55d000000000-55d001000000 rw-p 00000000 00:00 0         [heap]",
                "Rss:               12000 kB",
                "7ffd00000000-7ffd00021000 rw-p 00000000 00:00 0         [stack]",
                "Rss:                 132 kB",
                // a JDK-looking path outside java.home is someone else's file
                "7f4000000000-7f4000001000 r--p 00000000 fd:01 5         /usr/lib/jvm/jdk-25-other/lib/libx.so",
                "Rss:                   4 kB");
        ResidentFileMappings r = ResidentFileMappings.parse(smaps, Set.of(
                "/data/my model/model-00001-of-00002.safetensors", "/data/my model/model-00002-of-00002.safetensors"), JDK);
        assertEquals((100000L + 28) * 1024, r.weightBytes());
        // the archive's 2000 kB written since it was mapped are anonymous copies, not file pages
        assertEquals((18000L + 13000 - 2000) * 1024, r.jdkBytes());
        assertEquals((1500L + 4) * 1024, r.otherBytes());
    }

    @Test
    void refusesAnRssLineItCannotRead() {
        List<String> smaps = List.of("7f0000000000-7f0010000000 r--s 00000000 fd:01 1234 /w.safetensors", "Rss: many");
        assertThrows(IllegalArgumentException.class, () -> ResidentFileMappings.parse(smaps, Set.of("/w.safetensors"), JDK));
    }

    /** Maps a file, touches every page and finds them counted as weights (Linux only). */
    @Test
    void countsTheTouchedPagesOfAMappedFile(@TempDir Path dir) throws IOException {
        assumeTrue(Files.isReadable(Path.of("/proc/self/smaps")), "no /proc/self/smaps on this system");
        Path file = dir.resolve("weights.bin");
        long bytes = 8L << 20;
        Files.write(file, new byte[(int) bytes]);
        ResidentFileMappings before = ResidentFileMappings.read(List.of(file));
        assertEquals(0, before.weightBytes(), "nothing of the file is mapped yet");
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ); Arena arena = Arena.ofConfined()) {
            MemorySegment m = ch.map(FileChannel.MapMode.READ_ONLY, 0, bytes, arena);
            long sum = 0;
            for (long o = 0; o < bytes; o += 4096) sum += m.get(ValueLayout.JAVA_BYTE, o);
            assertEquals(0, sum);
            ResidentFileMappings r = ResidentFileMappings.read(List.of(file));
            assertEquals(bytes, r.weightBytes(), "every page was touched");
            assertTrue(r.jdkBytes() > 0, "libjvm is mapped under java.home: " + r);
        }
    }
}
