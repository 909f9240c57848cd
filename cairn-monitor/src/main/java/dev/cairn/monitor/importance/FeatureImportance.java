package dev.cairn.monitor.importance;

import static java.util.Objects.requireNonNull;

/**
 * One input's permutation importance.
 *
 * @param column the input
 * @param mean the importance averaged over the repeats
 * @param std the standard deviation of the repeats' importances
 */
public record FeatureImportance(String column, double mean, double std) {
    public FeatureImportance {
        requireNonNull(column, "column is null");
    }
}
