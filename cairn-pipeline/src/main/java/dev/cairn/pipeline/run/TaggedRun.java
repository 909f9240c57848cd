package dev.cairn.pipeline.run;

import java.util.Map;

import static java.util.Objects.requireNonNull;

/** A run's id and tags, as a cache lookup finds it. */
public record TaggedRun(String runId, Map<String, String> tags) {
    public TaggedRun {
        requireNonNull(runId, "runId is null");
        tags = Map.copyOf(tags);
    }
}
