package dev.cairn.core.tracking;

import dev.cairn.core.tracking.search.OrderBy;
import dev.cairn.core.tracking.search.SearchFilter;

import java.util.List;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/** A parsed {@code experiments/search} request. */
public record ExperimentSearch(
        SearchFilter filter,
        ViewType viewType,
        int maxResults,
        List<OrderBy> orderBy,
        Optional<String> pageToken) {
    /** MLflow's default page size for experiment searches. */
    public static final int DEFAULT_MAX_RESULTS = 1000;
    /** MLflow's largest page size for experiment searches. */
    public static final int MAX_RESULTS_LIMIT = 50_000;

    public ExperimentSearch {
        requireNonNull(filter, "filter is null");
        requireNonNull(viewType, "viewType is null");
        orderBy = List.copyOf(orderBy);
        requireNonNull(pageToken, "pageToken is null");
        TrackingLimits.checkMaxResults(maxResults, MAX_RESULTS_LIMIT);
    }
}
