package dev.lancet.steering.values.pipeline;

import dev.lancet.steering.values.ValueDialogue;
import dev.lancet.tokenizer.Tokenizer;

import java.util.Arrays;

/**
 * Encodes dialogues for the value pipeline: {@code prompt + "\n" + response} with the tokenizer's
 * special tokens, the response starting where the encoded prompt ends. Texts longer than
 * {@code maxTokens} keep their first {@code maxTokens} tokens; when that would leave fewer than a
 * quarter of them for the response, the window slides right so the response keeps that share.
 */
public final class TextEncoder {
    private final Tokenizer tokenizer;
    private final int maxTokens;

    public TextEncoder(Tokenizer tokenizer, int maxTokens) {
        if (maxTokens < 2) throw new IllegalArgumentException("max tokens per text must be >= 2, got " + maxTokens);
        this.tokenizer = tokenizer;
        this.maxTokens = maxTokens;
    }

    public Tokenizer tokenizer() {
        return tokenizer;
    }

    public EncodedText dialogue(ValueDialogue d) {
        if (!d.hasTurns()) return whole(d.text());
        String prefix = d.prompt() + "\n";
        int[] ids = tokenizer.encode(prefix + d.response(), true);
        int start = Math.min(tokenizer.encode(prefix, true).length, ids.length - 1);
        return window(ids, start);
    }

    /** A text counted whole (general text, statements). */
    public EncodedText whole(String text) {
        int[] ids = tokenizer.encode(text, true);
        if (ids.length == 0) throw new IllegalArgumentException("text encodes to no tokens: '" + text + "'");
        return window(ids, 0);
    }

    private EncodedText window(int[] ids, int start) {
        if (ids.length <= maxTokens) return new EncodedText(ids, start);
        int minResponse = Math.max(1, maxTokens / 4);
        int from = Math.max(0, Math.min(start + minResponse - maxTokens, ids.length - maxTokens));
        int[] cut = Arrays.copyOfRange(ids, from, from + maxTokens);
        return new EncodedText(cut, Math.max(0, start - from));
    }
}
