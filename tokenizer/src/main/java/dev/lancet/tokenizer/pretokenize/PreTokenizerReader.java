package dev.lancet.tokenizer.pretokenize;

import dev.lancet.tokenizer.json.JsonSection;
import dev.lancet.tokenizer.regex.OnigurumaPattern;

import java.util.ArrayList;
import java.util.List;

/** Builds a {@link PreTokenizer} from the {@code pre_tokenizer} section of tokenizer.json. */
public final class PreTokenizerReader {
    private PreTokenizerReader() {
    }

    public static PreTokenizer read(JsonSection s) {
        return switch (s.type()) {
            case "ByteLevel" -> new ByteLevelPreTokenizer(s.bool("add_prefix_space", true), s.bool("use_regex", true));
            case "Split" -> readSplit(s);
            case "Metaspace" -> readMetaspace(s);
            case "Digits" -> CharClassSplitPreTokenizer.digits(s.bool("individual_digits", false));
            case "Punctuation" -> CharClassSplitPreTokenizer.punctuation(behavior(s, SplitBehavior.ISOLATED));
            case "Whitespace" -> new WhitespacePreTokenizer();
            case "WhitespaceSplit" -> CharClassSplitPreTokenizer.whitespaceSplit();
            case "BertPreTokenizer" -> new PreTokenizerSequence(List.of(CharClassSplitPreTokenizer.whitespaceSplit(),
                    CharClassSplitPreTokenizer.punctuation(SplitBehavior.ISOLATED)));
            case "CharDelimiterSplit" -> CharClassSplitPreTokenizer.charDelimiter(singleChar(s, "delimiter"));
            case "Sequence" -> {
                List<PreTokenizer> stages = new ArrayList<>();
                for (JsonSection e : s.array("pretokenizers")) stages.add(read(e));
                yield new PreTokenizerSequence(stages);
            }
            default -> throw s.unsupported("pre_tokenizer");
        };
    }

    private static PreTokenizer readSplit(JsonSection s) {
        JsonSection pattern = s.object("pattern");
        SplitBehavior behavior = behavior(s, null);
        if (behavior == null) throw s.error("missing field 'behavior'");
        boolean invert = s.bool("invert", false);
        if (pattern.has("String")) {
            String literal = pattern.string("String");
            if (literal.isEmpty()) throw pattern.error("empty split pattern");
            return RegexSplitPreTokenizer.ofLiteral(literal, behavior, invert);
        }
        if (pattern.has("Regex")) {
            try {
                return RegexSplitPreTokenizer.ofRegex(OnigurumaPattern.compile(pattern.string("Regex")), behavior, invert);
            } catch (IllegalArgumentException e) {
                throw pattern.error(e.getMessage());
            }
        }
        throw pattern.error("expected {\"String\": ...} or {\"Regex\": ...}");
    }

    private static PreTokenizer readMetaspace(JsonSection s) {
        int replacement = singleChar(s, "replacement");
        MetaspacePreTokenizer.PrependScheme scheme;
        if (s.has("prepend_scheme")) {
            String name = s.string("prepend_scheme");
            scheme = switch (name) {
                case "always" -> MetaspacePreTokenizer.PrependScheme.ALWAYS;
                case "first" -> MetaspacePreTokenizer.PrependScheme.FIRST;
                case "never" -> MetaspacePreTokenizer.PrependScheme.NEVER;
                default -> throw s.required("prepend_scheme").error("unknown prepend_scheme '" + name + "'");
            };
            if (!s.bool("add_prefix_space", true) && scheme != MetaspacePreTokenizer.PrependScheme.NEVER) {
                throw s.error("add_prefix_space false does not match prepend_scheme '" + name + "'");
            }
        } else {
            // Files written before prepend_scheme existed say add_prefix_space instead.
            scheme = s.bool("add_prefix_space", true) ? MetaspacePreTokenizer.PrependScheme.ALWAYS
                    : MetaspacePreTokenizer.PrependScheme.NEVER;
        }
        return new MetaspacePreTokenizer(replacement, scheme, s.bool("split", true));
    }

    static SplitBehavior behavior(JsonSection s, SplitBehavior orElse) {
        if (!s.has("behavior")) return orElse;
        String name = s.string("behavior");
        SplitBehavior b = SplitBehavior.fromJson(name);
        if (b == null) throw s.required("behavior").error("unknown split behavior '" + name + "'");
        return b;
    }

    /** A field that must hold exactly one character (a Rust {@code char}). */
    public static int singleChar(JsonSection s, String field) {
        String v = s.string(field);
        if (v.isEmpty() || v.codePointCount(0, v.length()) != 1) {
            throw s.required(field).error("expected a single character, got '" + v + "'");
        }
        return v.codePointAt(0);
    }
}
