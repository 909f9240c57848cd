package dev.cairn.pipeline.run;

import java.nio.file.Path;
import java.time.Duration;

import static java.util.Objects.requireNonNull;

/**
 * How a pipeline runs.
 *
 * @param parallelism     most steps running at once
 * @param retryBaseDelay  the wait before the first retry; each further retry waits twice as long
 * @param workRoot        where steps keep their files, one folder per pipeline and step, kept between runs
 */
public record ExecutionSettings(int parallelism, Duration retryBaseDelay, Path workRoot) {
    public ExecutionSettings {
        if (parallelism < 1) {
            throw new IllegalArgumentException("parallelism must be >= 1, not " + parallelism);
        }
        requireNonNull(retryBaseDelay, "retryBaseDelay is null");
        requireNonNull(workRoot, "workRoot is null");
    }

    /** One step per core, retries after 1 s, 2 s, 4 s... */
    public static ExecutionSettings defaults(Path workRoot) {
        return new ExecutionSettings(Runtime.getRuntime().availableProcessors(), Duration.ofSeconds(1), workRoot);
    }
}
