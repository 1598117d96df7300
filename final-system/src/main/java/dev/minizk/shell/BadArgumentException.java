package dev.minizk.shell;

/** A shell command given arguments it cannot use; the message names the bad one. */
final class BadArgumentException extends RuntimeException {
    BadArgumentException(String message) {
        super(message, null, false, false);
    }
}
