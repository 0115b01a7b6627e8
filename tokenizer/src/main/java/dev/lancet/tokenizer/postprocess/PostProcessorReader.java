package dev.lancet.tokenizer.postprocess;

import dev.lancet.tokenizer.json.JsonSection;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.IntPredicate;

/**
 * Builds a {@link PostProcessor} from the {@code post_processor} section of tokenizer.json.
 * {@code ByteLevel} only trims offsets, which Lancet does not track, so it leaves ids as they are.
 */
public final class PostProcessorReader {
    private static final PostProcessor IDENTITY = (ids, add) -> ids;

    private PostProcessorReader() {
    }

    /**
     * @param tokenIds looks up a token's id (added tokens and vocabulary), or null
     * @param knownId  whether an id belongs to the vocabulary or the added tokens
     */
    public static PostProcessor read(JsonSection s, Function<String, Integer> tokenIds, IntPredicate knownId) {
        return switch (s.type()) {
            case "ByteLevel" -> IDENTITY;
            case "TemplateProcessing" -> readTemplate(s, knownId);
            case "BertProcessing", "RobertaProcessing" -> {
                int[] cls = {pairId(s, "cls", tokenIds)};
                int[] sep = {pairId(s, "sep", tokenIds)};
                List<int[]> pieces = new ArrayList<>();
                pieces.add(cls);
                pieces.add(null);
                pieces.add(sep);
                yield new TemplateProcessor(pieces);
            }
            case "Sequence" -> {
                List<PostProcessor> steps = new ArrayList<>();
                for (JsonSection e : s.array("processors")) steps.add(read(e, tokenIds, knownId));
                yield new PostProcessorSequence(steps);
            }
            default -> throw s.unsupported("post_processor");
        };
    }

    /** {@code "cls": ["<s>", 0]}: the token and its id, which must agree with the vocabulary. */
    private static int pairId(JsonSection s, String field, Function<String, Integer> tokenIds) {
        List<JsonSection> pair = s.array(field);
        if (pair.size() != 2) throw s.required(field).error("expected [token, id]");
        String token = pair.get(0).asString();
        int id = pair.get(1).asInt();
        Integer known = tokenIds.apply(token);
        if (known == null || known != id) {
            throw s.required(field).error("token '" + token + "' with id " + id + " does not match the vocabulary ("
                    + known + ")");
        }
        return id;
    }

    private static PostProcessor readTemplate(JsonSection s, IntPredicate knownId) {
        JsonSection specials = s.optional("special_tokens");
        List<int[]> pieces = new ArrayList<>();
        for (JsonSection piece : s.array("single")) {
            if (piece.has("Sequence")) {
                String seq = piece.object("Sequence").string("id");
                if (!seq.equals("A")) throw piece.error("the single template may only use sequence A, not '" + seq + "'");
                if (pieces.contains(null)) throw piece.error("sequence A appears twice in the single template");
                pieces.add(null);
            } else if (piece.has("SpecialToken")) {
                String name = piece.object("SpecialToken").string("id");
                JsonSection def = specials == null ? null : specials.optional(name);
                if (def == null) throw piece.error("special token '" + name + "' is not defined in special_tokens");
                List<JsonSection> idNodes = def.array("ids");
                int[] ids = new int[idNodes.size()];
                for (int i = 0; i < ids.length; i++) {
                    ids[i] = idNodes.get(i).asInt();
                    if (!knownId.test(ids[i])) throw idNodes.get(i).error("id " + ids[i] + " is not a known token");
                }
                pieces.add(ids);
            } else {
                throw piece.error("expected {\"Sequence\": ...} or {\"SpecialToken\": ...}");
            }
        }
        if (!pieces.contains(null)) throw s.required("single").error("the single template has no sequence A");
        return new TemplateProcessor(pieces);
    }

    /** For a file without a post-processor. */
    public static PostProcessor identity() {
        return IDENTITY;
    }
}
