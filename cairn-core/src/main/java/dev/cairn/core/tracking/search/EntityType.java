package dev.cairn.core.tracking.search;

import java.util.Locale;
import java.util.Optional;

/** What an identifier in a search refers to, as told by its prefix ({@code metrics.rmse}). */
public enum EntityType {
    /** A metric, written {@code metric.<key>} or {@code metrics.<key>}. */
    METRIC,
    /** A parameter, written {@code param.}, {@code params.}, {@code parameter.} or {@code parameters.}. */
    PARAM,
    /** A tag, written {@code tag.<key>} or {@code tags.<key>}. */
    TAG,
    /**
     * A built-in attribute of the searched entity, written without a prefix or with {@code
     * attribute.}, {@code attributes.}, {@code attr.} or {@code run.}.
     */
    ATTRIBUTE;

    /** The entity type a prefix denotes, ignoring case; empty if the prefix is not one MLflow knows. */
    static Optional<EntityType> fromPrefix(String prefix) {
        return switch (prefix.toLowerCase(Locale.ROOT)) {
            case "metric", "metrics" -> Optional.of(METRIC);
            case "param", "params", "parameter", "parameters" -> Optional.of(PARAM);
            case "tag", "tags" -> Optional.of(TAG);
            case "attribute", "attributes", "attr", "run" -> Optional.of(ATTRIBUTE);
            default -> Optional.empty();
        };
    }

    /** The plural noun used in error messages, for example {@code metrics}. */
    String pluralNoun() {
        return switch (this) {
            case METRIC -> "metrics";
            case PARAM -> "params";
            case TAG -> "tags";
            case ATTRIBUTE -> "attributes";
        };
    }
}
