package dev.cairn.monitor.window;

import dev.cairn.monitor.importance.Scorer;

import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * What a window's report explains beside drift: a binary classifier's fairness across the groups
 * of a sensitive input, and the permutation importance of the model's inputs over a sample of the
 * window's rows, which needs the model itself.
 *
 * @param sensitiveColumn the input whose values are the groups fairness compares
 * @param model the served model, when importance is asked for
 * @param seed seeds the sample of rows and the shuffles of importance
 */
public record ExplainOptions(Optional<String> sensitiveColumn, Optional<Scorer> model, long seed) {
    /** The seed used unless another is given, so the same window gives the same importances. */
    public static final long DEFAULT_SEED = 42;

    public ExplainOptions {
        requireNonNull(sensitiveColumn, "sensitiveColumn is null");
        requireNonNull(model, "model is null");
    }

    /** Drift, integrity and performance only. */
    public static ExplainOptions none() {
        return new ExplainOptions(Optional.empty(), Optional.empty(), DEFAULT_SEED);
    }
}
