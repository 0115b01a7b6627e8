package dev.lancet.runtime.model;

import dev.lancet.runtime.LancetException;

/** The checkpoint does not match its config: a tensor is missing or has the wrong shape. */
public final class ModelException extends LancetException {
    public ModelException(String message) {
        super(message);
    }
}
