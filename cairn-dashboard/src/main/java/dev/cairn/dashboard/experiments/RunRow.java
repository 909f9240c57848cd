package dev.cairn.dashboard.experiments;

import dev.cairn.core.tracking.Metric;
import dev.cairn.core.tracking.Param;
import dev.cairn.core.tracking.Run;
import dev.cairn.dashboard.Display;

import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * One row of a runs table.
 *
 * @param depth 0 for a top-level run, 1 for a child shown under its parent, and so on
 * @param orphanOf the parent's id when the run is a child whose parent is not on this page
 */
public record RunRow(Run run, int depth, Optional<String> orphanOf) {
    public RunRow {
        requireNonNull(run, "run is null");
        requireNonNull(orphanOf, "orphanOf is null");
    }

    /** The cell of a {@code params.KEY} or {@code metrics.KEY} column; empty when the run has none. */
    public String cell(String column) {
        if (column.startsWith("params.")) {
            String key = column.substring("params.".length());
            return run.params().stream().filter(param -> param.key().equals(key)).map(Param::value).findFirst().orElse("");
        }
        String key = column.substring("metrics.".length());
        return run.latestMetrics().stream().filter(metric -> metric.key().equals(key)).map(Metric::value).findFirst()
                .map(Display::number).orElse("");
    }
}
