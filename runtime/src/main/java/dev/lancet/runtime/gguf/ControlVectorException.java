package dev.lancet.runtime.gguf;

import dev.lancet.runtime.LancetException;

/**
 * A control vector that is well-formed GGUF but unusable: a {@code direction.0}, directions of different lengths,
 * a layer or hidden size the model does not have, a bad {@code FILE[:scale]} spec. The message names the file and tensor.
 */
public class ControlVectorException extends LancetException {
    public ControlVectorException(String message) {
        super(message);
    }
}
