package dev.lancet.tokenizer;

import dev.lancet.tokenizer.decode.TextCollector;
import dev.lancet.tokenizer.decode.TokenStream;

/**
 * Incremental detokenizer for generation: {@link #accept} returns the text that the new id completes
 * (possibly "", e.g. while a multi-byte character waits for its last byte), {@link #finish} the rest.
 * The outputs concatenate to exactly {@link Tokenizer#decode} of all ids accepted: both run the same
 * decoder machine, this one flushed after every id. Not thread-safe.
 */
public final class StreamingDecoder {
    private final Tokenizer tokenizer;
    private final boolean skipSpecialTokens;
    private final TextCollector collector = new TextCollector();
    private final TokenStream stream;
    private boolean finished;

    StreamingDecoder(Tokenizer tokenizer, boolean skipSpecialTokens) {
        this.tokenizer = tokenizer;
        this.skipSpecialTokens = skipSpecialTokens;
        this.stream = tokenizer.openDecoder(collector);
    }

    /** Feeds one id; returns the text it completes, or "" when nothing is complete yet. */
    public String accept(int id) {
        if (finished) throw new IllegalStateException("StreamingDecoder already finished");
        String token = tokenizer.decodableToken(id, skipSpecialTokens);
        if (token == null) return "";
        stream.begin();
        stream.text(token);
        stream.end();
        return collector.drain();
    }

    /** Ends the stream; returns whatever was held back (an incomplete byte sequence becomes U+FFFD). */
    public String finish() {
        if (finished) return "";
        finished = true;
        stream.finish();
        return collector.drain();
    }
}
