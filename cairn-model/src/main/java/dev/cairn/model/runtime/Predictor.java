package dev.cairn.model.runtime;

import dev.cairn.model.frame.Frame;

/**
 * The contract every model runtime implements, as a scoring script does: {@link #init} once,
 * then {@link #predict} per batch. Inputs reach {@code predict} already conformed to the
 * model's signature.
 */
public interface Predictor extends AutoCloseable {
    /** Loads the model; called once before any prediction. */
    void init(ModelContext context);

    /** Scores a batch of rows. */
    Frame predict(Frame input);

    /** Releases the model's resources. */
    @Override
    default void close() {
    }
}
