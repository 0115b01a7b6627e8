package dev.lancet.cli;

import dev.lancet.runtime.backend.KvPrecision;
import picocli.CommandLine.Option;

/** {@code --kv-cache f32|bf16|f16}: what a session's KV cache stores keys and values as. */
public final class KvCacheOptions {
    @Option(names = "--kv-cache", paramLabel = "TYPE", defaultValue = "f32",
            description = "KV cache type: f32 (exact, the default), bf16 or f16 (half the cache's memory and of the bytes a decode "
                    + "step reads from it; each key and value rounded once, to the nearest 16-bit value).")
    String kvCache;

    public KvPrecision precision() {
        return KvPrecision.parse(kvCache);
    }
}
