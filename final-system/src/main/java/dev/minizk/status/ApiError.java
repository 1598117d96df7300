package dev.minizk.status;

/**
 * The JSON body of every refused API request: what went wrong, in a sentence, and which
 * query parameter was bad (null when no single parameter is to blame).
 */
public record ApiError(int status, String error, String parameter) {
}
