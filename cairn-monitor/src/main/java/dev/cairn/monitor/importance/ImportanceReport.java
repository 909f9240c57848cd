package dev.cairn.monitor.importance;

import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * Permutation importance of a model's inputs over a sample of rows.
 *
 * @param metric what the importance measures
 * @param rows the rows scored
 * @param repeats how many times each input was shuffled
 * @param seed the seed of the sample and the shuffles, so a run can be repeated
 * @param baseline the metric on the rows as they are (0 for a change metric)
 * @param features each input's importance, most important first
 */
public record ImportanceReport(ImportanceMetric metric, int rows, int repeats, long seed, double baseline, List<FeatureImportance> features) {
    public ImportanceReport {
        requireNonNull(metric, "metric is null");
        features = List.copyOf(features);
    }
}
