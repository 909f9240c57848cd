package dev.cairn.core.error;

import static java.util.Objects.requireNonNull;

/**
 * The one unchecked exception Cairn throws for failures a caller should see: it carries an
 * {@link ErrorCode} and a message a person can act on. Stack traces stay in the server log.
 */
public class CairnException extends RuntimeException {
    private final ErrorCode code;

    /** Creates an exception with a code and a message meant for the caller. */
    public CairnException(ErrorCode code, String message) {
        super(requireNonNull(message, "message is null"));
        this.code = requireNonNull(code, "code is null");
    }

    /** Creates an exception with a code, a message meant for the caller, and its cause. */
    public CairnException(ErrorCode code, String message, Throwable cause) {
        super(requireNonNull(message, "message is null"), cause);
        this.code = requireNonNull(code, "code is null");
    }

    /** The error code, which decides the HTTP status. */
    public ErrorCode code() {
        return code;
    }

    /** Shorthand for an {@link ErrorCode#INVALID_PARAMETER_VALUE} error. */
    public static CairnException invalidParameter(String message) {
        return new CairnException(ErrorCode.INVALID_PARAMETER_VALUE, message);
    }

    /** Shorthand for a {@link ErrorCode#RESOURCE_DOES_NOT_EXIST} error. */
    public static CairnException notFound(String message) {
        return new CairnException(ErrorCode.RESOURCE_DOES_NOT_EXIST, message);
    }

    /** Shorthand for a {@link ErrorCode#RESOURCE_ALREADY_EXISTS} error. */
    public static CairnException alreadyExists(String message) {
        return new CairnException(ErrorCode.RESOURCE_ALREADY_EXISTS, message);
    }
}
