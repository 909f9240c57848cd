package dev.cairn.monitor.drift;

import dev.cairn.core.error.CairnException;

import java.util.List;
import java.util.Map;

import static java.util.Objects.requireNonNull;

/**
 * What to compare: the columns (empty: every numeric and text column of the reference), a method
 * or threshold per column replacing the chosen one, and the share of drifted columns at which
 * the dataset drifts (Evidently's default 0.5).
 */
public record DriftOptions(List<String> columns, Map<String, DriftMethod> methods, Map<String, Double> thresholds, double driftShare) {
    /** Evidently's share of drifted columns at which the dataset drifts. */
    public static final double DEFAULT_DRIFT_SHARE = 0.5;

    public DriftOptions {
        columns = List.copyOf(requireNonNull(columns, "columns is null"));
        methods = Map.copyOf(requireNonNull(methods, "methods is null"));
        thresholds = Map.copyOf(requireNonNull(thresholds, "thresholds is null"));
        if (!(driftShare > 0 && driftShare <= 1)) {
            throw CairnException.invalidParameter("The drift share must be in (0, 1], not " + driftShare);
        }
        thresholds.forEach((column, threshold) -> {
            if (!(threshold >= 0) || Double.isInfinite(threshold)) {
                throw CairnException.invalidParameter("The threshold of column '" + column + "' must be a finite number >= 0, not " + threshold);
            }
        });
    }

    /** Every column, the chosen methods and thresholds, the default drift share. */
    public static DriftOptions defaults() {
        return new DriftOptions(List.of(), Map.of(), Map.of(), DEFAULT_DRIFT_SHARE);
    }
}
