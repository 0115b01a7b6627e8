package dev.lancet.tokenizer.model;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Byte-pair encoding: a word starts as one symbol per character (or its {@code <0xXX>} byte tokens
 * under {@code byte_fallback}, or the unknown token), then the adjacent pair with the lowest merge
 * rank is merged repeatedly until no listed pair remains. Results for short words are cached.
 */
public final class BpeModel {
    /** Words of at most this many chars are cached (the Rust library's limit is 256 bytes). */
    private static final int CACHE_WORD_LIMIT = 256;
    private static final int CACHE_CAPACITY = 50_000;

    private final Map<String, Integer> vocab;
    private final MergeTable merges;
    private final int[] bmpIds;
    private final Map<Integer, Integer> astralIds;
    private final int[] byteIds;
    private final int unkId;
    private final boolean fuseUnk;
    private final boolean byteFallback;
    private final boolean ignoreMerges;
    private final String prefix;
    private final String suffix;
    private final ConcurrentHashMap<String, int[]> cache = new ConcurrentHashMap<>();
    private final ThreadLocal<MergeWorkspace> workspace = ThreadLocal.withInitial(() -> new MergeWorkspace(64));

    BpeModel(Map<String, Integer> vocab, MergeTable merges, int unkId, boolean fuseUnk, boolean byteFallback,
             boolean ignoreMerges, String prefix, String suffix) {
        this.vocab = vocab;
        this.merges = merges;
        this.unkId = unkId;
        this.fuseUnk = fuseUnk;
        this.byteFallback = byteFallback;
        this.ignoreMerges = ignoreMerges;
        this.prefix = prefix;
        this.suffix = suffix;
        // Single-character tokens by code point: the starting symbols of every word.
        bmpIds = new int[0x10000];
        Arrays.fill(bmpIds, -1);
        astralIds = new HashMap<>();
        for (Map.Entry<String, Integer> e : vocab.entrySet()) {
            String t = e.getKey();
            if (t.isEmpty() || t.codePointCount(0, t.length()) != 1) continue;
            int cp = t.codePointAt(0);
            if (cp < 0x10000) bmpIds[cp] = e.getValue();
            else astralIds.put(cp, e.getValue());
        }
        byteIds = new int[256];
        for (int b = 0; b < 256; b++) {
            Integer id = vocab.get(String.format("<0x%02X>", b));
            byteIds[b] = id == null ? -1 : id;
        }
    }

    /** The model's own vocabulary (token to id), without added tokens. */
    public Map<String, Integer> vocab() {
        return vocab;
    }

    /** Appends the ids of one pre-tokenized word. */
    public void tokenize(String word, IdList out) {
        if (word.isEmpty()) return;
        if (ignoreMerges) {
            Integer whole = vocab.get(word);
            if (whole != null) {
                out.add(whole);
                return;
            }
        }
        boolean cacheable = word.length() <= CACHE_WORD_LIMIT;
        if (cacheable) {
            int[] hit = cache.get(word);
            if (hit != null) {
                out.addAll(hit);
                return;
            }
        }
        MergeWorkspace ws = word.length() > MergeWorkspace.KEEP_LIMIT ? new MergeWorkspace(word.length())
                : workspace.get();
        ws.reset();
        initialSymbols(word, ws);
        mergeAll(ws);
        if (cacheable) {
            int[] ids = collect(ws);
            if (cache.size() < CACHE_CAPACITY) cache.put(word, ids);
            out.addAll(ids);
        } else {
            for (int i = 0; i < ws.size; i = ws.next[i]) out.add(ws.sym[i]);
        }
    }

    private static int[] collect(MergeWorkspace ws) {
        int n = 0;
        for (int i = 0; i < ws.size; i = ws.next[i]) n++;
        int[] ids = new int[n];
        int k = 0;
        for (int i = 0; i < ws.size; i = ws.next[i]) ids[k++] = ws.sym[i];
        return ids;
    }

    private void initialSymbols(String word, MergeWorkspace ws) {
        boolean plain = prefix == null && suffix == null;
        boolean pendingUnk = false;
        int n = word.length();
        for (int i = 0; i < n; ) {
            int cp = word.codePointAt(i);
            int end = i + Character.charCount(cp);
            String symbol = null;
            int id;
            if (plain) {
                id = cp < 0x10000 ? bmpIds[cp] : astralIds.getOrDefault(cp, -1);
            } else {
                symbol = word.substring(i, end);
                if (i > 0 && prefix != null) symbol = prefix + symbol;
                if (end == n && suffix != null) symbol = symbol + suffix;
                id = vocab.getOrDefault(symbol, -1);
            }
            if (id >= 0) {
                if (pendingUnk) ws.add(unkId);
                pendingUnk = false;
                ws.add(id);
            } else if (byteFallback && addBytes(symbol != null ? symbol : word.substring(i, end), ws)) {
                // As in the Rust library, a pending unknown is not flushed before byte tokens.
            } else if (unkId >= 0) {
                if (pendingUnk && !fuseUnk) ws.add(unkId);
                pendingUnk = true;
            }
            // Without an unknown token an unencodable character is dropped.
            i = end;
        }
        if (pendingUnk) ws.add(unkId);
    }

    private boolean addBytes(String symbol, MergeWorkspace ws) {
        byte[] bytes = symbol.getBytes(StandardCharsets.UTF_8);
        for (byte b : bytes) if (byteIds[b & 0xFF] < 0) return false;
        for (byte b : bytes) ws.add(byteIds[b & 0xFF]);
        return true;
    }

    private void mergeAll(MergeWorkspace ws) {
        int n = ws.size;
        int[] sym = ws.sym;
        int[] prev = ws.prev;
        int[] next = ws.next;
        for (int i = 0; i + 1 < n; i++) {
            long m = merges.get(sym[i], sym[i + 1]);
            if (m >= 0) ws.push((m & 0xFFFFFFFF00000000L) | i);
        }
        while (ws.heapSize > 0) {
            long top = ws.pop();
            int pos = (int) top;
            long rank = top >>> 32;
            if (sym[pos] < 0) continue;
            int right = next[pos];
            if (right >= n) continue;
            long m = merges.get(sym[pos], sym[right]);
            // A stale entry: the pair at pos changed since it was queued.
            if (m < 0 || (m >>> 32) != rank) continue;
            sym[pos] = (int) m;
            sym[right] = -1;
            int after = next[right];
            next[pos] = after;
            if (after < n) prev[after] = pos;
            int before = prev[pos];
            if (before >= 0) {
                long l = merges.get(sym[before], sym[pos]);
                if (l >= 0) ws.push((l & 0xFFFFFFFF00000000L) | before);
            }
            if (after < n) {
                long r = merges.get(sym[pos], sym[after]);
                if (r >= 0) ws.push((r & 0xFFFFFFFF00000000L) | pos);
            }
        }
    }
}
