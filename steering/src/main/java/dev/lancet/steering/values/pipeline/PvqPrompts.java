package dev.lancet.steering.values.pipeline;

import dev.lancet.steering.values.PvqItem;
import dev.lancet.steering.values.PvqScoring;
import dev.lancet.steering.values.ValueDataException;
import dev.lancet.tokenizer.Tokenizer;
import dev.lancet.tokenizer.template.ChatTemplateRenderer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * PVQ items as model inputs: the prompt ids after which the answer option is read, and the token id of
 * each option 1..6. Instruct models (a chat_template) get the question as a user turn and answer in
 * the assistant turn; base models get a plain "...\nAnswer:" prompt. The option tokens are found by
 * encoding the prompt followed by each option and taking the first token where the six differ (any
 * shared tokens before it, such as a lone space piece, become part of the prompt).
 */
public final class PvqPrompts {
    public static final String QUESTION = "How much is this person like you? Answer with a number from 1 (not like me at all) to 6 (very much like me).";

    /** One item ready to run. */
    public record Prompt(PvqItem item, int[] ids, int[] optionIds) {
    }

    private PvqPrompts() {
    }

    public static List<Prompt> build(Tokenizer tok, List<PvqItem> items, boolean useChatTemplate) {
        ChatTemplateRenderer chat = useChatTemplate
                ? tok.chatTemplateSource().map(s -> ChatTemplateRenderer.of(s, tok.bosToken().orElse(null), tok.eosToken().orElse(null))).orElse(null)
                : null;
        List<Prompt> out = new ArrayList<>();
        for (PvqItem item : items) {
            String description = "Here is a description of a person: \"" + item.statement().strip() + "\"\n" + QUESTION;
            String text;
            String sep;
            boolean special;
            if (chat != null) {
                Map<String, Object> user = new LinkedHashMap<>();
                user.put("role", "user");
                user.put("content", description);
                text = chat.render(List.of(user), true, Map.of());
                sep = "";
                special = false;
            } else {
                text = description + "\nAnswer:";
                sep = " ";
                special = true;
            }
            out.add(resolve(tok, item, text, sep, special));
        }
        return out;
    }

    static Prompt resolve(Tokenizer tok, PvqItem item, String text, String sep, boolean special) {
        int[] base = tok.encode(text, special);
        int[][] full = new int[PvqScoring.OPTIONS][];
        int p = base.length;
        for (int k = 0; k < full.length; k++) {
            full[k] = tok.encode(text + sep + PvqScoring.OPTION_TOKENS.get(k), special);
            p = Math.min(p, commonPrefix(base, full[k]));
        }
        // shared tokens after the common prompt prefix (e.g. a lone "▁") belong to the prompt
        int cp = 0;
        while (true) {
            int at = p + cp;
            boolean same = true;
            for (int[] f : full) if (f.length <= at + 1 || f[at] != full[0][at]) same = false;
            if (!same) break;
            cp++;
        }
        int[] optionIds = new int[full.length];
        Set<Integer> distinct = new HashSet<>();
        for (int k = 0; k < full.length; k++) {
            if (full[k].length <= p + cp) {
                throw new ValueDataException("PVQ item " + item.number() + ": option " + (k + 1) + " adds no token to the prompt");
            }
            optionIds[k] = full[k][p + cp];
            distinct.add(optionIds[k]);
        }
        if (distinct.size() != full.length) {
            throw new ValueDataException("PVQ item " + item.number() + ": the answer options 1..6 do not start with six distinct tokens "
                    + Arrays.toString(optionIds) + "; this tokenizer cannot be scored this way");
        }
        return new Prompt(item, Arrays.copyOf(full[0], p + cp), optionIds);
    }

    private static int commonPrefix(int[] a, int[] b) {
        int n = Math.min(a.length, b.length), i = 0;
        while (i < n && a[i] == b[i]) i++;
        return i;
    }
}
