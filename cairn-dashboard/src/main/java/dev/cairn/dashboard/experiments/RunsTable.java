package dev.cairn.dashboard.experiments;

import dev.cairn.core.tracking.Experiment;

import java.util.List;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * An experiment's runs page: the query, the rows of this page (children under their parents),
 * the columns shown, the keys one could show, and the token of the next page.
 *
 * @param error why the filter or sort was refused, shown above an empty table
 */
public record RunsTable(Experiment experiment, RunsQuery query, List<RunRow> rows, List<String> columns,
                        List<String> availableColumns, Optional<String> nextPageToken, Optional<String> error) {
    public RunsTable {
        requireNonNull(experiment, "experiment is null");
        requireNonNull(query, "query is null");
        rows = List.copyOf(rows);
        columns = List.copyOf(columns);
        availableColumns = List.copyOf(availableColumns);
        requireNonNull(nextPageToken, "nextPageToken is null");
        requireNonNull(error, "error is null");
    }
}
