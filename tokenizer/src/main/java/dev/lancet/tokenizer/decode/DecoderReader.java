package dev.lancet.tokenizer.decode;

import dev.lancet.tokenizer.json.JsonSection;
import dev.lancet.tokenizer.pretokenize.PreTokenizerReader;
import dev.lancet.tokenizer.regex.OnigurumaPattern;

import java.util.ArrayList;
import java.util.List;

/** Builds a {@link Decoder} from the {@code decoder} section of tokenizer.json. */
public final class DecoderReader {
    private DecoderReader() {
    }

    public static Decoder read(JsonSection s) {
        return switch (s.type()) {
            case "ByteLevel" -> new ByteLevelDecoder();
            case "ByteFallback" -> new ByteFallbackDecoder();
            case "Fuse" -> new FuseDecoder();
            case "Strip" -> new StripDecoder(PreTokenizerReader.singleChar(s, "content"),
                    nonNegative(s, "start"), nonNegative(s, "stop"));
            case "Metaspace" -> readMetaspace(s);
            case "Replace" -> readReplace(s);
            case "Sequence" -> {
                List<Decoder> steps = new ArrayList<>();
                for (JsonSection e : s.array("decoders")) steps.add(read(e));
                yield new DecoderSequence(steps);
            }
            default -> throw s.unsupported("decoder");
        };
    }

    private static int nonNegative(JsonSection s, String field) {
        int v = s.integer(field, 0);
        if (v < 0) throw s.required(field).error("expected a count >= 0, got " + v);
        return v;
    }

    private static Decoder readMetaspace(JsonSection s) {
        int replacement = PreTokenizerReader.singleChar(s, "replacement");
        boolean drop;
        if (s.has("prepend_scheme")) {
            String scheme = s.string("prepend_scheme");
            if (!scheme.equals("always") && !scheme.equals("first") && !scheme.equals("never")) {
                throw s.required("prepend_scheme").error("unknown prepend_scheme '" + scheme + "'");
            }
            drop = !scheme.equals("never");
        } else {
            drop = s.bool("add_prefix_space", true);
        }
        return new MetaspaceDecoder(replacement, drop);
    }

    private static Decoder readReplace(JsonSection s) {
        JsonSection pattern = s.object("pattern");
        String content = s.string("content");
        if (pattern.has("String")) return ReplaceDecoder.ofLiteral(pattern.string("String"), content);
        if (pattern.has("Regex")) {
            try {
                return ReplaceDecoder.ofRegex(OnigurumaPattern.compile(pattern.string("Regex")), content);
            } catch (IllegalArgumentException e) {
                throw pattern.error(e.getMessage());
            }
        }
        throw pattern.error("expected {\"String\": ...} or {\"Regex\": ...}");
    }
}
