package dev.lancet.runtime.forward;

import dev.lancet.runtime.LancetException;
import dev.lancet.runtime.backend.Backend;
import dev.lancet.runtime.backend.CpuBackend;
import dev.lancet.runtime.backend.KvPrecision;
import dev.lancet.runtime.edit.EditStage;
import dev.lancet.runtime.model.LlamaModel;

/**
 * One conversation with a loaded model: its own KV cache, buffers, backend threads and optional
 * edit stage. Sessions over one model may run concurrently on different threads; one session is used
 * by one thread at a time. The edit stage can be swapped between requests without reloading anything.
 */
public final class Session implements AutoCloseable {
    /** Context used when the caller does not ask: the model's, capped to keep the KV cache small. */
    public static final int DEFAULT_MAX_CONTEXT = 4096;
    /**
     * Prompt tokens pushed through the layers together: each weight block is read (and widened) once per
     * this many tokens. 128 against 64: prefill +15% on llama-1b and about as much on smollm2 (measured),
     * for activation buffers of 128 rows (+6 MB for smollm2, +12 MB for llama-1b).
     */
    public static final int PREFILL_BATCH = 128;

    private final LlamaModel model;
    private final Backend backend;
    private final ForwardState state;
    private final int[] one = new int[1];
    private EditStage edits;
    private int position;

    private Session(LlamaModel model, Backend backend, int contextLength, KvPrecision kvPrecision) {
        this.model = model;
        this.backend = backend;
        this.state = new ForwardState(model.config(), contextLength, Math.min(PREFILL_BATCH, contextLength), kvPrecision);
    }

    public static Session open(LlamaModel model, int threads) {
        return open(model, threads, Math.min(model.config().maxPositionEmbeddings(), DEFAULT_MAX_CONTEXT));
    }

    public static Session open(LlamaModel model, int threads, int contextLength) {
        return open(model, threads, contextLength, KvPrecision.F32);
    }

    /** A CPU session whose KV cache stores keys and values in {@code kvPrecision} (F32: exact; BF16, F16: half the bytes). */
    public static Session open(LlamaModel model, int threads, int contextLength, KvPrecision kvPrecision) {
        checkContext(model, contextLength);
        return open(model, CpuBackend.forModel(model.config(), threads), contextLength, kvPrecision);
    }

    /** As {@link #open(LlamaModel, Backend, int, KvPrecision)} with an F32 cache. */
    public static Session open(LlamaModel model, Backend backend, int contextLength) {
        return open(model, backend, contextLength, KvPrecision.F32);
    }

    /**
     * A session computing with {@code backend} (owned by the session from now on: closed with it, also when this
     * fails). The plug point for a backend other than the CPU one, e.g. a GPU backend (docs/ARCHITECTURE.md).
     */
    public static Session open(LlamaModel model, Backend backend, int contextLength, KvPrecision kvPrecision) {
        try {
            checkContext(model, contextLength);
            if (kvPrecision == null) throw new IllegalArgumentException("KV cache precision must not be null");
            return new Session(model, backend, contextLength, kvPrecision);
        } catch (RuntimeException | Error e) {
            backend.close();
            throw e;
        }
    }

    private static void checkContext(LlamaModel model, int contextLength) {
        int max = model.config().maxPositionEmbeddings();
        if (contextLength < 1 || contextLength > max) {
            throw new LancetException("context length " + contextLength + " is outside 1.." + max + " (max_position_embeddings)");
        }
    }

    public LlamaModel model() {
        return model;
    }

    public int threads() {
        return backend.threads();
    }

    public int contextLength() {
        return state.contextLength;
    }

    /** Bytes held by the KV cache (allocated for the whole context when the session opens). */
    public long kvCacheBytes() {
        return state.cache.bytes();
    }

    /** What the KV cache stores keys and values as. */
    public KvPrecision kvPrecision() {
        return state.cache.precision();
    }

    /** Number of tokens in the KV cache; the next token goes to this absolute position. */
    public int position() {
        return position;
    }

    public EditStage editStage() {
        return edits;
    }

    /** Attaches an edit stage (null detaches); takes effect from the next token. */
    public void setEditStage(EditStage stage) {
        this.edits = stage;
    }

    /** Forgets the conversation: the next token is at position 0. */
    public void reset() {
        position = 0;
    }

    /** Drops cached tokens from {@code newPosition} on (the cache keeps what came before). */
    public void rewind(int newPosition) {
        if (newPosition < 0 || newPosition > position) throw new IllegalArgumentException("cannot rewind to " + newPosition + " from " + position);
        position = newPosition;
    }

    /**
     * Runs one token at the next position and returns the logits. The returned array is the session's
     * buffer: valid until the next call; copy it to keep it.
     */
    public float[] next(int token, boolean generated) {
        checkToken(token);
        if (position >= state.contextLength) {
            throw new LancetException("context is full: " + state.contextLength + " tokens");
        }
        one[0] = token;
        LlamaForward.forward(model, backend, state, edits, one, 0, 1, position, generated, true, null, 0);
        position++;
        return state.logits;
    }

    /**
     * Runs prompt tokens in batches of up to {@link #PREFILL_BATCH} and returns the logits after the last
     * one (session buffer). Bit-identical to feeding them one by one through {@link #next}.
     */
    public float[] prefill(int[] tokens) {
        if (tokens.length == 0) throw new IllegalArgumentException("empty prompt");
        if (position + tokens.length > state.contextLength) {
            throw new LancetException("prompt of " + tokens.length + " tokens at position " + position + " exceeds the context length " + state.contextLength);
        }
        for (int t : tokens) checkToken(t);
        run(tokens, null);
        return state.logits;
    }

    /** Resets, runs {@code tokens} as a prompt and returns a copy of the logits at every position. */
    public float[][] logitsAtEveryPosition(int[] tokens) {
        reset();
        if (tokens.length > state.contextLength) throw new LancetException(tokens.length + " tokens exceed the context length " + state.contextLength);
        for (int t : tokens) checkToken(t);
        float[][] out = new float[tokens.length][model.config().vocabSize()];
        if (tokens.length > 0) run(tokens, out);
        return out;
    }

    /** Batches of up to the state's capacity, in order; {@code every} (nullable) receives each position's logits. */
    private void run(int[] tokens, float[][] every) {
        for (int from = 0; from < tokens.length; from += state.capacity) {
            int n = Math.min(state.capacity, tokens.length - from);
            LlamaForward.forward(model, backend, state, edits, tokens, from, n, position, false, from + n == tokens.length, every, from);
            position += n;
        }
    }

    private void checkToken(int token) {
        int vocab = model.config().vocabSize();
        if (token < 0 || token >= vocab) throw new LancetException("token id " + token + " is outside the vocabulary 0.." + (vocab - 1));
    }

    @Override
    public void close() {
        backend.close();
    }
}
