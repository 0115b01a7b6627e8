package dev.lancet.runtime.safetensors;

import dev.lancet.runtime.LancetException;

/** A safetensors file or checkpoint is malformed; the message names the file and the tensor or field. */
public final class SafetensorsException extends LancetException {
    public SafetensorsException(String message) {
        super(message);
    }

    public SafetensorsException(String message, Throwable cause) {
        super(message, cause);
    }
}
