package dev.cairn.model.runtime;

import dev.cairn.core.error.CairnException;
import dev.cairn.core.error.ErrorCode;

/**
 * A model that failed while scoring input that matched its signature: the server's fault, not the
 * caller's (500), but the model's own message is worth showing, since whoever deployed it needs it.
 */
public final class ModelFailure extends CairnException {
    private static final int MAX_MESSAGE = 500;

    /** Wraps what the runtime threw. */
    public ModelFailure(String model, Throwable cause) {
        super(ErrorCode.INTERNAL_ERROR, "The model " + model + " failed while scoring: " + shorten(String.valueOf(cause.getMessage())), cause);
    }

    private static String shorten(String message) {
        return message.length() <= MAX_MESSAGE ? message : message.substring(0, MAX_MESSAGE) + "...";
    }
}
