package dev.cairn.monitor.drift;

import static java.util.Objects.requireNonNull;

/**
 * One column's drift test: the p-value for {@code ks}, {@code chisquare} and {@code z}, the
 * distance otherwise (as Evidently reports them), the threshold applied, and the verdict.
 */
public record ColumnDrift(String column, DriftMethod method, double statistic, double threshold, boolean drift) {
    public ColumnDrift {
        requireNonNull(column, "column is null");
        requireNonNull(method, "method is null");
        if (Double.isNaN(statistic)) {
            throw new IllegalArgumentException("the statistic of " + column + " is NaN");
        }
        if (!(threshold >= 0) || Double.isInfinite(threshold)) {
            throw new IllegalArgumentException("the threshold of " + column + " must be a finite number >= 0, not " + threshold);
        }
    }
}
