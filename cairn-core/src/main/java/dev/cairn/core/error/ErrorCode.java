package dev.cairn.core.error;

/**
 * The closed set of error codes Cairn reports, with the HTTP status each one maps to.
 *
 * <p>Names and statuses follow MLflow's {@code databricks.proto} so that MLflow clients react to
 * Cairn's errors as they do to MLflow's; the three size limits that HTTP itself names (413, 414,
 * 431) have codes of their own. Every backend throws the same code for the same failure.
 */
public enum ErrorCode {
    /** A request field has a value the operation cannot accept. */
    INVALID_PARAMETER_VALUE(400),
    /** The request body is not valid JSON or not of the expected shape. */
    BAD_REQUEST(400),
    /** The entity to create exists already. */
    RESOURCE_ALREADY_EXISTS(400),
    /** The entity named by the request does not exist. */
    RESOURCE_DOES_NOT_EXIST(404),
    /** The operation is not allowed in the entity's current state (for example a deleted run). */
    INVALID_STATE(400),
    /** A concurrent change won the race; the caller may retry. */
    RESOURCE_CONFLICT(409),
    /** No route matches the request path and method. */
    ENDPOINT_NOT_FOUND(404),
    /** The request body is larger than the server accepts. */
    PAYLOAD_TOO_LARGE(413),
    /** The request's URI is longer than the server accepts. */
    URI_TOO_LONG(414),
    /** The request's headers are larger than the server accepts. */
    REQUEST_HEADER_FIELDS_TOO_LARGE(431),
    /** Too many requests at once; the caller may retry shortly. */
    REQUEST_LIMIT_EXCEEDED(429),
    /** The caller may not do this. */
    PERMISSION_DENIED(403),
    /** The server is shutting down or a dependency is unavailable. */
    TEMPORARILY_UNAVAILABLE(503),
    /** A bug or an unexpected failure of the server: never the caller's fault. */
    INTERNAL_ERROR(500);

    private final int httpStatus;

    ErrorCode(int httpStatus) {
        this.httpStatus = httpStatus;
    }

    /** The HTTP status that a response carrying this code has. */
    public int httpStatus() {
        return httpStatus;
    }
}
