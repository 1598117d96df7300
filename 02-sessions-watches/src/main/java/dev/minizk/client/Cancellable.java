package dev.minizk.client;

/** A timer that can be called off. Cancelling a timer that already ran does nothing. */
@FunctionalInterface
public interface Cancellable {
    void cancel();
}
