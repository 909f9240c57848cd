package dev.cairn.core.tracking;

import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * A run with its data: the latest value of each metric, its params, its tags, and the datasets
 * it used. The full history of a metric is read separately.
 */
public record Run(RunInfo info, List<Metric> latestMetrics, List<Param> params, List<Tag> tags, List<DatasetInput> inputs) {
    public Run {
        requireNonNull(info, "info is null");
        latestMetrics = List.copyOf(latestMetrics);
        params = List.copyOf(params);
        tags = List.copyOf(tags);
        inputs = List.copyOf(inputs);
    }
}
