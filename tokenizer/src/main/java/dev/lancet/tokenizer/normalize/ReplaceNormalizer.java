package dev.lancet.tokenizer.normalize;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code Replace}: every match of a literal or regex pattern becomes {@code content} (taken literally). */
public final class ReplaceNormalizer implements Normalizer {
    private final String literal;
    private final Pattern regex;
    private final String content;

    private ReplaceNormalizer(String literal, Pattern regex, String content) {
        this.literal = literal;
        this.regex = regex;
        this.content = content;
    }

    public static ReplaceNormalizer ofLiteral(String literal, String content) {
        return new ReplaceNormalizer(literal, null, content);
    }

    public static ReplaceNormalizer ofRegex(Pattern regex, String content) {
        return new ReplaceNormalizer(null, regex, content);
    }

    @Override
    public String normalize(String text) {
        if (literal != null) return literal.isEmpty() ? text : text.replace(literal, content);
        return regex.matcher(text).replaceAll(Matcher.quoteReplacement(content));
    }
}
