package dev.minizk.cli;

/** A bad setting; the message names the option or config key and says what was expected. */
public final class ConfigException extends Exception {
    public ConfigException(String message) {
        super(message);
    }
}
