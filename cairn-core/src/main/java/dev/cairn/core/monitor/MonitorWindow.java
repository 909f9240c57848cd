package dev.cairn.core.monitor;

import dev.cairn.core.error.CairnException;

import static java.util.Objects.requireNonNull;

/**
 * What monitoring found in one window of a deployment's prediction log: the figures lists and
 * charts read, and the whole report as JSON.
 *
 * @param deployment the monitored deployment
 * @param fromMillis the window's start, epoch milliseconds, inclusive
 * @param toMillis the window's end, epoch milliseconds, exclusive
 * @param reference what the window was compared with, such as {@code flights-jan@1}
 * @param rows the predictions in the window
 * @param columns the feature columns compared
 * @param driftedColumns how many of them drifted
 * @param datasetDrift whether the share of drifted columns reached the dataset threshold
 * @param predictionDrift whether the model's outputs drifted from its outputs on the reference
 * @param integrityIssues how many integrity checks failed
 * @param reportJson the whole report
 */
public record MonitorWindow(String deployment, long fromMillis, long toMillis, String reference, long rows, int columns, int driftedColumns,
                            boolean datasetDrift, boolean predictionDrift, int integrityIssues, String reportJson) {
    /** The longest report kept; a report is a few hundred bytes a column. */
    public static final int MAX_REPORT_LENGTH = 4 * 1024 * 1024;

    public MonitorWindow {
        requireNonNull(deployment, "deployment is null");
        requireNonNull(reference, "reference is null");
        requireNonNull(reportJson, "reportJson is null");
        if (toMillis < fromMillis) {
            throw CairnException.invalidParameter("The window ends (" + toMillis + ") before it starts (" + fromMillis + ")");
        }
        if (rows < 0 || columns < 0 || driftedColumns < 0 || driftedColumns > columns || integrityIssues < 0) {
            throw new IllegalArgumentException("negative or inconsistent counts");
        }
        if (reportJson.length() > MAX_REPORT_LENGTH) {
            throw CairnException.invalidParameter("The monitor report has " + reportJson.length() + " characters; at most "
                    + MAX_REPORT_LENGTH + " are kept: compare fewer columns");
        }
    }
}
