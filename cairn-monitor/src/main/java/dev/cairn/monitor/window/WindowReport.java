package dev.cairn.monitor.window;

import dev.cairn.monitor.drift.DriftReport;
import dev.cairn.monitor.fairness.FairnessReport;
import dev.cairn.monitor.importance.ImportanceReport;
import dev.cairn.monitor.integrity.IntegrityReport;
import dev.cairn.monitor.performance.WindowPerformance;

import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * What one window of the prediction log showed against the reference.
 *
 * @param rows the predictions in the window
 * @param integrity the model inputs' integrity
 * @param features the drift of the model inputs that integrity found intact
 * @param predictions the drift of the model's outputs, when the reference holds the model's outputs for its rows
 * @param performance a binary classifier's estimated and real performance, when it answers with two class probabilities
 * @param fairness a binary classifier's fairness across the groups of a sensitive input, when one was named
 * @param importance the permutation importance of the model's inputs, when it was asked for
 * @param versions the two versions served side by side compared by their outputs, when the window holds more than one
 */
public record WindowReport(long rows, IntegrityReport integrity, DriftReport features, Optional<DriftReport> predictions,
                           Optional<WindowPerformance> performance, Optional<FairnessReport> fairness, Optional<ImportanceReport> importance,
                           Optional<VersionComparison> versions) {
    public WindowReport {
        requireNonNull(versions, "versions is null");
        requireNonNull(fairness, "fairness is null");
        requireNonNull(importance, "importance is null");
        requireNonNull(performance, "performance is null");
        requireNonNull(integrity, "integrity is null");
        requireNonNull(features, "features is null");
        requireNonNull(predictions, "predictions is null");
    }
}
