package dev.lancet.tokenizer.model;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lancet.tokenizer.json.JsonSection;

import java.util.HashMap;
import java.util.Map;

/** Builds a {@link BpeModel} from the {@code model} section of tokenizer.json, checking every id and merge. */
public final class BpeReader {
    /** Ids beyond this are rejected before any array is sized by them. */
    public static final int MAX_ID = 1 << 24;

    private BpeReader() {
    }

    public static BpeModel read(JsonSection model) {
        String type = model.has("type") ? model.type() : (model.has("merges") ? "BPE" : "");
        if (!type.equals("BPE")) throw model.unsupported("model");
        if (model.has("dropout")) {
            JsonNode d = model.required("dropout").node();
            if (!d.isNumber() || d.doubleValue() != 0.0) {
                throw model.required("dropout").error("BPE dropout " + d + " is not supported (only null or 0)");
            }
        }
        Map<String, Integer> vocab = readVocab(model.object("vocab"));
        String prefix = emptyToNull(model.string("continuing_subword_prefix", null));
        String suffix = emptyToNull(model.string("end_of_word_suffix", null));
        MergeTable merges = readMerges(model, vocab, prefix);
        int unkId = -1;
        String unk = model.string("unk_token", null);
        if (unk != null) {
            Integer id = vocab.get(unk);
            if (id == null) throw model.required("unk_token").error("unk_token '" + unk + "' is not in the vocabulary");
            unkId = id;
        }
        return new BpeModel(vocab, merges, unkId, model.bool("fuse_unk", false), model.bool("byte_fallback", false),
                model.bool("ignore_merges", false), prefix, suffix);
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }

    private static Map<String, Integer> readVocab(JsonSection vocabSection) {
        JsonNode node = vocabSection.node();
        Map<String, Integer> vocab = HashMap.newHashMap(node.size());
        int maxId = -1;
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            JsonNode v = e.getValue();
            if (!v.isIntegralNumber() || !v.canConvertToInt() || v.intValue() < 0 || v.intValue() >= MAX_ID) {
                throw vocabSection.error("token '" + e.getKey() + "' has id " + v + "; expected an integer in [0, "
                        + MAX_ID + ")");
            }
            maxId = Math.max(maxId, v.intValue());
            vocab.put(e.getKey(), v.intValue());
        }
        String[] byId = new String[maxId + 1];
        for (Map.Entry<String, Integer> e : vocab.entrySet()) {
            String other = byId[e.getValue()];
            if (other != null) {
                String first = other.compareTo(e.getKey()) < 0 ? other : e.getKey();
                String second = first.equals(other) ? e.getKey() : other;
                throw vocabSection.error("id " + e.getValue() + " is used by both '" + first + "' and '" + second + "'");
            }
            byId[e.getValue()] = e.getKey();
        }
        return vocab;
    }

    private static MergeTable readMerges(JsonSection model, Map<String, Integer> vocab, String prefix) {
        JsonSection mergesSection = model.required("merges");
        JsonNode lines = mergesSection.node();
        if (!lines.isArray()) throw mergesSection.error("expected an array, got " + mergesSection.brief());
        MergeTable table = new MergeTable(lines.size());
        int prefixLen = prefix == null ? 0 : prefix.length();
        int rank = 0;
        for (int i = 0; i < lines.size(); i++) {
            String left;
            String right;
            JsonNode n = lines.get(i);
            if (n.isTextual()) {
                String text = n.textValue();
                if (text.startsWith("#version")) continue;
                int space = text.indexOf(' ');
                if (space < 0 || text.indexOf(' ', space + 1) >= 0) {
                    throw mergesSection.element(i).error("merge '" + text + "' is not two tokens separated by one space");
                }
                left = text.substring(0, space);
                right = text.substring(space + 1);
            } else if (n.isArray() && n.size() == 2 && n.get(0).isTextual() && n.get(1).isTextual()) {
                left = n.get(0).textValue();
                right = n.get(1).textValue();
            } else {
                throw mergesSection.element(i).error("expected \"left right\" or [\"left\", \"right\"], got " + n);
            }
            int leftId = idOf(vocab, left, mergesSection, i);
            int rightId = idOf(vocab, right, mergesSection, i);
            if (right.length() < prefixLen) {
                throw mergesSection.element(i).error("right side '" + right + "' is shorter than continuing_subword_prefix");
            }
            int mergedId = idOf(vocab, left + right.substring(prefixLen), mergesSection, i);
            table.put(leftId, rightId, rank, mergedId);
            rank++;
        }
        return table;
    }

    private static int idOf(Map<String, Integer> vocab, String token, JsonSection merges, int index) {
        Integer id = vocab.get(token);
        if (id == null) {
            throw merges.element(index).error("merge names token '" + token + "', which is not in the vocabulary");
        }
        return id;
    }
}
