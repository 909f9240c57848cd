package dev.cairn.core.tracking.search;

import static java.util.Objects.requireNonNull;

/**
 * One parsed {@code order_by} clause, such as {@code metrics.rmse DESC}.
 *
 * @param type what the key refers to
 * @param key the metric, param or tag key as written (quotes removed), or for {@link
 *     EntityType#ATTRIBUTE} the canonical attribute name
 * @param ascending true for {@code ASC}, the default, and false for {@code DESC}
 */
public record OrderBy(EntityType type, String key, boolean ascending) {
    /** Rejects nulls and an empty key. */
    public OrderBy {
        requireNonNull(type, "type is null");
        requireNonNull(key, "key is null");
        if (key.isEmpty()) {
            throw new IllegalArgumentException("key is empty");
        }
    }

    /**
     * Parses one {@code order_by} clause of a run search: {@code <identifier> [ASC|DESC]}, where the
     * identifier is a metric, param or tag key, or one of the attributes {@code start_time}, {@code
     * end_time}, {@code run_name}, {@code status}, {@code run_id}, {@code user_id} and {@code
     * artifact_uri} (aliases {@code created}/{@code Created}, {@code name} and {@code run_uuid}
     * allowed).
     *
     * @param clause the clause, for example {@code "metrics.`val loss` DESC"}
     * @return the parsed clause
     * @throws NullPointerException if clause is null
     * @throws dev.cairn.core.error.CairnException with code INVALID_PARAMETER_VALUE if the clause
     *     is blank, malformed or names something runs cannot be ordered by
     */
    public static OrderBy parseRunOrderBy(String clause) {
        return SearchParser.parseOrderBy(clause, SearchScope.RUNS);
    }

    /**
     * Parses one {@code order_by} clause of an experiment search: {@code <identifier> [ASC|DESC]},
     * where the identifier is one of the attributes {@code name}, {@code experiment_id}, {@code
     * creation_time} and {@code last_update_time}.
     *
     * @param clause the clause, for example {@code "creation_time DESC"}
     * @return the parsed clause
     * @throws NullPointerException if clause is null
     * @throws dev.cairn.core.error.CairnException with code INVALID_PARAMETER_VALUE if the clause
     *     is blank, malformed or names something experiments cannot be ordered by
     */
    public static OrderBy parseExperimentOrderBy(String clause) {
        return SearchParser.parseOrderBy(clause, SearchScope.EXPERIMENTS);
    }

    /** Parses a {@code registered-models/search} order_by clause. */
    public static OrderBy parseRegisteredModelOrderBy(String clause) {
        return SearchParser.parseOrderBy(clause, SearchScope.REGISTERED_MODELS);
    }

    /** Parses a {@code model-versions/search} order_by clause. */
    public static OrderBy parseModelVersionOrderBy(String clause) {
        return SearchParser.parseOrderBy(clause, SearchScope.MODEL_VERSIONS);
    }
}
