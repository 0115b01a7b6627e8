package dev.lancet.runtime.config;

import dev.lancet.runtime.LancetException;

/** config.json is missing a field, has a bad value, or asks for something Lancet does not implement. */
public final class ConfigException extends LancetException {
    public ConfigException(String message) {
        super(message);
    }
}
