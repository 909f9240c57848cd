package dev.cairn.monitor.window;

import dev.cairn.monitor.drift.DriftReport;
import dev.cairn.monitor.integrity.IntegrityReport;

import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * What one window of the prediction log showed against the reference.
 *
 * @param rows the predictions in the window
 * @param integrity the model inputs' integrity
 * @param features the drift of the model inputs that integrity found intact
 * @param predictions the drift of the model's outputs, when the reference holds the model's outputs for its rows
 */
public record WindowReport(long rows, IntegrityReport integrity, DriftReport features, Optional<DriftReport> predictions) {
    public WindowReport {
        requireNonNull(integrity, "integrity is null");
        requireNonNull(features, "features is null");
        requireNonNull(predictions, "predictions is null");
    }
}
