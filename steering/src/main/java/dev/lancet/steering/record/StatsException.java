package dev.lancet.steering.record;

import dev.lancet.runtime.LancetException;

/** A statistics file or recording request that cannot be used; the message names the file, tensor or example. */
public class StatsException extends LancetException {
    public StatsException(String message) {
        super(message);
    }
}
