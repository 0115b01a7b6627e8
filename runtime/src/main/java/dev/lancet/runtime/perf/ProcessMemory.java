package dev.lancet.runtime.perf;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The resident set size of this process, from /proc/self/status (Linux); -1 where that is not available. */
public final class ProcessMemory {
    private ProcessMemory() {
    }

    public static long residentBytes() {
        return statusBytes("VmRSS:");
    }

    /** The anonymous part of the resident set (heap, KV cache, weights copied or converted into memory). */
    public static long residentAnonBytes() {
        return statusBytes("RssAnon:");
    }

    /** The file-backed part of the resident set (memory-mapped weight pages that were touched, the JDK's files). */
    public static long residentFileBytes() {
        return statusBytes("RssFile:");
    }

    private static long statusBytes(String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith(field)) {
                    String kb = line.substring(field.length()).trim().split("\\s+")[0];
                    return Long.parseLong(kb) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }

    /** The 1-minute load average (other processes competing for the cores), or -1. */
    public static double loadAverage() {
        try {
            return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+")[0]);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }
}
