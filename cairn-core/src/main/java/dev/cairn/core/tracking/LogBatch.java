package dev.cairn.core.tracking;

import java.util.List;

/**
 * Metrics, params and tags written to one run atomically: either all of them are stored or
 * none is. Logging a single metric, param or tag is a batch of one, so every rule lives here
 * and in the store's one write path.
 */
public record LogBatch(List<Metric> metrics, List<Param> params, List<Tag> tags) {
    public LogBatch {
        metrics = List.copyOf(metrics);
        params = List.copyOf(params);
        tags = List.copyOf(tags);
        TrackingLimits.checkBatch(metrics, params, tags);
    }

    /** A batch holding one metric point. */
    public static LogBatch of(Metric metric) {
        return new LogBatch(List.of(metric), List.of(), List.of());
    }

    /** A batch holding one param. */
    public static LogBatch of(Param param) {
        return new LogBatch(List.of(), List.of(param), List.of());
    }

    /** A batch holding one tag. */
    public static LogBatch of(Tag tag) {
        return new LogBatch(List.of(), List.of(), List.of(tag));
    }
}
