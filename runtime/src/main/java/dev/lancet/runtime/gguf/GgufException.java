package dev.lancet.runtime.gguf;

import dev.lancet.runtime.LancetException;

/** A GGUF file that cannot be read or written: bad header, bad bounds, unknown types. The message names the file and field. */
public class GgufException extends LancetException {
    public GgufException(String message) {
        super(message);
    }

    public GgufException(String message, Throwable cause) {
        super(message, cause);
    }
}
