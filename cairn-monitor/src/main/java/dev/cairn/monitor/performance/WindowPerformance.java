package dev.cairn.monitor.performance;

import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * A binary classifier's performance over a window: estimated from every prediction's probability
 * (CBPE), and real over the predictions labels were attached to.
 *
 * @param positiveClass the class whose probability the metrics read
 * @param predictions the predictions with a probability
 * @param labelled how many of them have a label
 * @param estimated what CBPE expects from the probabilities alone
 * @param real the metrics against the labels, when there are any
 */
public record WindowPerformance(String positiveClass, long predictions, long labelled, BinaryPerformance estimated,
                                Optional<BinaryPerformance> real) {
    public WindowPerformance {
        requireNonNull(positiveClass, "positiveClass is null");
        requireNonNull(estimated, "estimated is null");
        requireNonNull(real, "real is null");
    }
}
