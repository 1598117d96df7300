package dev.minizk.status;

/**
 * A request the API refuses, with the HTTP status to answer and, when one query parameter is
 * to blame, its name. {@link StatusServer} turns it into an {@link ApiError} body.
 */
final class ApiException extends RuntimeException {
    private final int status;
    private final String parameter;

    ApiException(int status, String parameter, String message) {
        super(message, null, false, false); // an expected answer, not a bug: no stack trace to fill
        this.status = status;
        this.parameter = parameter;
    }

    static ApiException badParameter(String parameter, String message) {
        return new ApiException(400, parameter, message);
    }

    static ApiException noNode(String path) {
        return new ApiException(404, "path", "no znode at " + path + " (NONODE)");
    }

    int status() {
        return status;
    }

    String parameter() {
        return parameter;
    }
}
