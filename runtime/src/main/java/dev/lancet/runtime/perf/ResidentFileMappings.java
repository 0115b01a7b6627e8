package dev.lancet.runtime.perf;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The file-backed part of this process's resident set, split by whose files they are (Linux,
 * {@code /proc/self/smaps}: each mapping's {@code Rss}): the checkpoint's weight files, the JDK's own files
 * (libjvm, the CDS archive, the module image, under {@code java.home}), and every other file (libc, locales);
 * file pages only, as {@code RssFile} in {@code /proc/self/status} counts them.
 * Anonymous mappings ({@code [heap]}, stacks, the Java heap, code cache) are not files and are left to
 * {@link ProcessMemory#residentAnonBytes}. The RSS budget of the speed issue (weights + KV cache + 64 MiB)
 * leaves 64 MiB for everything but weights and cache, and the JDK's files alone take about a third of it (22 MiB
 * on a Xeon VM with Temurin 25).
 *
 * @param weightBytes resident file pages of the weight files' mappings
 * @param jdkBytes    resident file pages of mappings of files under {@code java.home}
 * @param otherBytes  resident file pages of every other file mapping
 */
public record ResidentFileMappings(long weightBytes, long jdkBytes, long otherBytes) {
    /** Where /proc/self/smaps cannot be read: every part -1. */
    public static final ResidentFileMappings UNKNOWN = new ResidentFileMappings(-1, -1, -1);

    /**
     * A mapping's header: address range, permissions, offset, device, inode, then the path (absent for an
     * anonymous mapping; it may hold spaces).
     */
    private static final Pattern HEADER = Pattern.compile("^[0-9a-f]+-[0-9a-f]+ \\S+ [0-9a-f]+ [0-9a-f]+:[0-9a-f]+ \\d+ *(.*)$");
    private static final String DELETED = " (deleted)";

    /** This process's file mappings now, the weights being {@code weightFiles}; {@link #UNKNOWN} off Linux. */
    public static ResidentFileMappings read(Collection<Path> weightFiles) {
        try {
            List<String> smaps = Files.readAllLines(Path.of("/proc/self/smaps"));
            return parse(smaps, canonical(weightFiles), canonical(Path.of(System.getProperty("java.home"))));
        } catch (IOException | RuntimeException e) {
            return UNKNOWN;
        }
    }

    /**
     * Sums the file pages of an smaps listing ({@code Rss:} less {@code Anonymous:}) by the mapping they belong to: a path in {@code weightPaths},
     * a path under {@code jdkHome}, another path; a mapping without a path or with a kernel name ({@code [heap]},
     * {@code [stack]}, {@code [vdso]}) counts nowhere. A file deleted since it was mapped keeps its path with
     * " (deleted)" appended, which is taken off first.
     */
    static ResidentFileMappings parse(List<String> smaps, Set<String> weightPaths, String jdkHome) {
        String jdkPrefix = jdkHome.endsWith("/") ? jdkHome : jdkHome + "/";
        long weights = 0, jdk = 0, other = 0;
        int owner = -1; // 0 weights, 1 jdk, 2 other, -1 not a file
        for (String line : smaps) {
            Matcher m = HEADER.matcher(line);
            if (m.matches()) {
                String path = m.group(1).strip();
                if (path.endsWith(DELETED)) path = path.substring(0, path.length() - DELETED.length());
                if (path.isEmpty() || path.startsWith("[")) owner = -1;
                else if (weightPaths.contains(path)) owner = 0;
                else if (path.startsWith(jdkPrefix)) owner = 1;
                else owner = 2;
            } else if (owner >= 0 && (line.startsWith("Rss:") || line.startsWith("Anonymous:"))) {
                // a private file mapping's written pages are anonymous copies (the CDS archive's relocated ones):
                // in the mapping's Rss but not file pages, so Rss - Anonymous, as RssFile in /proc/self/status counts
                long bytes = kilobytes(line) * 1024 * (line.charAt(0) == 'R' ? 1 : -1);
                if (owner == 0) weights += bytes;
                else if (owner == 1) jdk += bytes;
                else other += bytes;
            }
        }
        return new ResidentFileMappings(weights, jdk, other);
    }

    /** "Rss:    1234 kB" -> 1234. */
    private static long kilobytes(String line) {
        String[] f = line.substring(line.indexOf(':') + 1).trim().split("\\s+");
        if (f.length != 2 || !f[1].equals("kB")) throw new IllegalArgumentException("smaps: unexpected line '" + line + "'");
        return Long.parseLong(f[0]);
    }

    /** The paths as the kernel prints them: absolute, symbolic links resolved. */
    private static Set<String> canonical(Collection<Path> paths) {
        Set<String> out = new HashSet<>();
        for (Path p : paths) out.add(canonical(p));
        return out;
    }

    private static String canonical(Path p) {
        try {
            return p.toRealPath().toString();
        } catch (IOException e) {
            return p.toAbsolutePath().normalize().toString();
        }
    }
}
