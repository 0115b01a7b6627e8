package dev.lancet.steering.values;

import dev.lancet.runtime.LancetException;

/**
 * Bad value-alignment data: a malformed questionnaire or dialogue file, an unknown value name, a
 * contrast class with no examples, or arrays whose shapes disagree. The message names the file and
 * line, or the field and value, at fault.
 */
public class ValueDataException extends LancetException {
    public ValueDataException(String message) {
        super(message);
    }

    public ValueDataException(String message, Throwable cause) {
        super(message, cause);
    }
}
