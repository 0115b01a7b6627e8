package dev.lancet.tokenizer.normalize;

import dev.lancet.tokenizer.json.JsonSection;
import dev.lancet.tokenizer.regex.OnigurumaPattern;

import java.util.ArrayList;
import java.util.List;

/** Builds a {@link Normalizer} from the {@code normalizer} section of tokenizer.json. */
public final class NormalizerReader {
    private NormalizerReader() {
    }

    public static Normalizer read(JsonSection s) {
        return switch (s.type()) {
            case "NFC" -> new UnicodeNormalizer(java.text.Normalizer.Form.NFC);
            case "NFD" -> new UnicodeNormalizer(java.text.Normalizer.Form.NFD);
            case "NFKC" -> new UnicodeNormalizer(java.text.Normalizer.Form.NFKC);
            case "NFKD" -> new UnicodeNormalizer(java.text.Normalizer.Form.NFKD);
            case "Prepend" -> new PrependNormalizer(s.string("prepend"));
            case "Lowercase" -> new LowercaseNormalizer();
            case "Strip" -> new StripNormalizer(s.bool("strip_left", true), s.bool("strip_right", true));
            case "StripAccents" -> new StripAccentsNormalizer();
            case "Replace" -> readReplace(s);
            case "Sequence" -> {
                List<Normalizer> steps = new ArrayList<>();
                for (JsonSection e : s.array("normalizers")) steps.add(read(e));
                yield new NormalizerSequence(steps);
            }
            default -> throw s.unsupported("normalizer");
        };
    }

    private static Normalizer readReplace(JsonSection s) {
        JsonSection pattern = s.object("pattern");
        String content = s.string("content");
        if (pattern.has("String")) return ReplaceNormalizer.ofLiteral(pattern.string("String"), content);
        if (pattern.has("Regex")) {
            try {
                return ReplaceNormalizer.ofRegex(OnigurumaPattern.compile(pattern.string("Regex")), content);
            } catch (IllegalArgumentException e) {
                throw pattern.error(e.getMessage());
            }
        }
        throw pattern.error("expected {\"String\": ...} or {\"Regex\": ...}");
    }
}
