package dev.lancet.tokenizer;

/**
 * A tokenizer file that cannot be read or uses something Lancet does not implement. The message
 * names the file and the field or value at fault, e.g.
 * {@code tokenizer.json (models/x): pre_tokenizer.type 'Foo' is not supported}.
 */
public class TokenizerException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public TokenizerException(String message) {
        super(message);
    }

    public TokenizerException(String message, Throwable cause) {
        super(message, cause);
    }
}
