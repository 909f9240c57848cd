package dev.cairn.core.pipeline;

import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * A pipeline stored on the server.
 *
 * @param spec          the pipeline's YAML, as written
 * @param folder        the folder its relative file paths resolve against
 * @param watch         whether a new version of one of its data sources requests a run
 * @param watchedDigest the digest of its data sources when they were last looked at
 */
public record Pipeline(String name, String spec, String folder, ConcurrencyPolicy concurrency, Optional<PipelineSchedule> schedule,
                       boolean watch, Optional<String> watchedDigest, long creationTime, long lastUpdateTime) {
    public Pipeline {
        requireNonNull(name, "name is null");
        requireNonNull(spec, "spec is null");
        requireNonNull(folder, "folder is null");
        requireNonNull(concurrency, "concurrency is null");
        requireNonNull(schedule, "schedule is null");
        requireNonNull(watchedDigest, "watchedDigest is null");
    }
}
