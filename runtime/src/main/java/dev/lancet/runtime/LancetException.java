package dev.lancet.runtime;

/**
 * Root of Lancet's failure families. Each subclass is one family (bad model file, bad config,
 * bad edit spec, ...) and its message names the file, field or value at fault. The CLI turns any
 * of them into one line on stderr and exit code 2.
 */
public class LancetException extends RuntimeException {
    public LancetException(String message) {
        super(message);
    }

    public LancetException(String message, Throwable cause) {
        super(message, cause);
    }
}
