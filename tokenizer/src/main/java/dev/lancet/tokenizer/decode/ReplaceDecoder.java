package dev.lancet.tokenizer.decode;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code Replace}: in each token, every match of a pattern becomes {@code content} (e.g. "▁" to " ").
 * A one-character literal is replaced fragment by fragment; other patterns wait for the whole token.
 */
public final class ReplaceDecoder implements Decoder {
    private final String literal;
    private final Pattern regex;
    private final String content;

    private ReplaceDecoder(String literal, Pattern regex, String content) {
        this.literal = literal;
        this.regex = regex;
        this.content = content;
    }

    public static ReplaceDecoder ofLiteral(String literal, String content) {
        return new ReplaceDecoder(literal, null, content);
    }

    public static ReplaceDecoder ofRegex(Pattern regex, String content) {
        return new ReplaceDecoder(null, regex, content);
    }

    private boolean streamable() {
        return literal != null && literal.length() == 1 && !Character.isSurrogate(literal.charAt(0));
    }

    private String apply(String token) {
        if (literal != null) return literal.isEmpty() ? token : token.replace(literal, content);
        return regex.matcher(token).replaceAll(Matcher.quoteReplacement(content));
    }

    @Override
    public TokenStream open(TokenStream down) {
        if (streamable()) {
            return new TokenStream() {
                @Override
                public void begin() {
                    down.begin();
                }

                @Override
                public void text(CharSequence fragment) {
                    down.text(apply(fragment.toString()));
                }

                @Override
                public void end() {
                    down.end();
                }

                @Override
                public void finish() {
                    down.finish();
                }
            };
        }
        return new WholeTokenStream() {
            @Override
            public void end() {
                down.begin();
                down.text(apply(token.toString()));
                down.end();
            }

            @Override
            public void finish() {
                down.finish();
            }
        };
    }
}
