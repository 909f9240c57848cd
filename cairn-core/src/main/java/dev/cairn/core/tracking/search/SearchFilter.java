package dev.cairn.core.tracking.search;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * A parsed search filter: comparisons that must all hold (they were joined by {@code AND}).
 *
 * @param comparisons the conditions in the order written; empty when the filter was blank
 */
public record SearchFilter(List<Comparison> comparisons) {
    /** Copies the list so that the filter stays immutable. */
    public SearchFilter {
        comparisons = List.copyOf(requireNonNull(comparisons, "comparisons is null"));
    }

    /**
     * Parses the {@code filter} of a run search, for example {@code metrics.rmse < 1 AND
     * params.model = 'tree' AND status = 'FINISHED'}.
     *
     * <p>Metrics take {@code = != > >= < <=} with a number; params and tags take {@code = !=
     * LIKE ILIKE} with a string, {@code IN} and {@code NOT IN} with a list of strings, and {@code IS
     * NULL} and {@code IS NOT NULL}. The string attributes {@code run_id}, {@code run_name}, {@code
     * status}, {@code user_id}, {@code artifact_uri} and {@code lifecycle_stage} take {@code = !=
     * LIKE ILIKE IN NOT IN}; {@code start_time} and {@code end_time} take the numeric comparisons.
     * The aliases {@code created}/{@code Created}, {@code run_uuid} and {@code name} come back as
     * {@code start_time}, {@code run_id} and {@code run_name}.
     *
     * @param filter the filter; null or blank means no condition
     * @return the parsed filter
     * @throws dev.cairn.core.error.CairnException with code INVALID_PARAMETER_VALUE if the filter
     *     is malformed or uses an identifier, operator or value runs do not support
     */
    public static SearchFilter parseRunFilter(String filter) {
        return new SearchFilter(SearchParser.parseFilter(filter, SearchScope.RUNS));
    }

    /**
     * Parses the {@code filter} of an experiment search, for example {@code name LIKE 'fraud%' AND
     * tags.team = 'risk'}.
     *
     * <p>Tags follow the same rules as in run filters. The attribute {@code name} takes {@code = !=
     * LIKE ILIKE} with a string, {@code creation_time} and {@code last_update_time} take the numeric
     * comparisons, and {@code experiment_id} takes {@code = !=} with a string and {@code IN NOT IN}
     * with a list. Metrics and params are rejected.
     *
     * @param filter the filter; null or blank means no condition
     * @return the parsed filter
     * @throws dev.cairn.core.error.CairnException with code INVALID_PARAMETER_VALUE if the filter
     *     is malformed or uses an identifier, operator or value experiments do not support
     */
    public static SearchFilter parseExperimentFilter(String filter) {
        return new SearchFilter(SearchParser.parseFilter(filter, SearchScope.EXPERIMENTS));
    }

    /** Parses a {@code registered-models/search} filter (attribute {@code name}, tags). */
    public static SearchFilter parseRegisteredModelFilter(String filter) {
        return new SearchFilter(SearchParser.parseFilter(filter, SearchScope.REGISTERED_MODELS));
    }

    /**
     * Parses a {@code model-versions/search} filter (attributes {@code name}, {@code run_id},
     * {@code source_path}, {@code version_number}; tags).
     */
    public static SearchFilter parseModelVersionFilter(String filter) {
        return new SearchFilter(SearchParser.parseFilter(filter, SearchScope.MODEL_VERSIONS));
    }

    /** A string literal for a filter holding exactly {@code text}: single-quoted, with quotes in it doubled. */
    public static String literal(String text) {
        return "'" + text.replace("'", "''") + "'";
    }
}
