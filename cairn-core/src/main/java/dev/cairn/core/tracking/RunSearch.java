package dev.cairn.core.tracking;

import dev.cairn.core.error.CairnException;
import dev.cairn.core.tracking.search.OrderBy;
import dev.cairn.core.tracking.search.SearchFilter;

import java.util.List;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/** A parsed {@code runs/search} request. */
public record RunSearch(
        List<String> experimentIds,
        SearchFilter filter,
        ViewType viewType,
        int maxResults,
        List<OrderBy> orderBy,
        Optional<String> pageToken) {
    /** MLflow's default page size for run searches. */
    public static final int DEFAULT_MAX_RESULTS = 1000;
    /** MLflow's largest page size for run searches. */
    public static final int MAX_RESULTS_LIMIT = 50_000;
    /** Most sort keys; each metric, param or tag key is a join. */
    public static final int MAX_ORDER_BY = 5;
    /** Most experiments one search spans. */
    public static final int MAX_EXPERIMENTS = 1_000;

    public RunSearch {
        experimentIds = List.copyOf(experimentIds);
        requireNonNull(filter, "filter is null");
        requireNonNull(viewType, "viewType is null");
        orderBy = List.copyOf(orderBy);
        requireNonNull(pageToken, "pageToken is null");
        TrackingLimits.checkMaxResults(maxResults, MAX_RESULTS_LIMIT);
        if (experimentIds.isEmpty()) {
            throw CairnException.invalidParameter("experiment_ids must name at least one experiment");
        }
        if (experimentIds.size() > MAX_EXPERIMENTS) {
            throw CairnException.invalidParameter("A search may span at most " + MAX_EXPERIMENTS + " experiments; this one names "
                    + experimentIds.size());
        }
        if (orderBy.size() > MAX_ORDER_BY) {
            throw CairnException.invalidParameter("A search may sort by at most " + MAX_ORDER_BY + " keys; this one names " + orderBy.size());
        }
    }
}
