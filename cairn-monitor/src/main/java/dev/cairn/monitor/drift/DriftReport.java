package dev.cairn.monitor.drift;

import java.util.List;

import static java.util.Objects.requireNonNull;

/** The columns' drift tests, the share of columns that drifted, and whether that share reached the dataset's threshold. */
public record DriftReport(List<ColumnDrift> columns, double driftShare, boolean datasetDrift) {
    public DriftReport {
        columns = List.copyOf(requireNonNull(columns, "columns is null"));
        if (!(driftShare >= 0 && driftShare <= 1)) {
            throw new IllegalArgumentException("driftShare must be in [0, 1], not " + driftShare);
        }
    }

    /** The report of some column tests: the dataset drifts when the drifted share reaches {@code threshold}. */
    public static DriftReport of(List<ColumnDrift> columns, double threshold) {
        long drifted = columns.stream().filter(ColumnDrift::drift).count();
        double share = columns.isEmpty() ? 0 : (double) drifted / columns.size();
        return new DriftReport(columns, share, !columns.isEmpty() && share >= threshold);
    }
}
