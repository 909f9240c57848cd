package dev.cairn.core.registry;

import dev.cairn.core.tracking.TrackingLimits;
import dev.cairn.core.tracking.search.OrderBy;
import dev.cairn.core.tracking.search.SearchFilter;

import java.util.List;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/** A parsed search of registered models or of model versions. */
public record RegistrySearch(SearchFilter filter, int maxResults, List<OrderBy> orderBy, Optional<String> pageToken) {
    /** MLflow's largest page size for registry searches. */
    public static final int MAX_RESULTS_LIMIT = 1000;

    public RegistrySearch {
        requireNonNull(filter, "filter is null");
        orderBy = List.copyOf(orderBy);
        requireNonNull(pageToken, "pageToken is null");
        TrackingLimits.checkMaxResults(maxResults, MAX_RESULTS_LIMIT);
    }
}
