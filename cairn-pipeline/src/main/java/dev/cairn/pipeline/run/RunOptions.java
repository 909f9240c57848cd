package dev.cairn.pipeline.run;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * How to run a pipeline once.
 *
 * @param force        take no step from the cache (a resumed run still reuses its previous run's steps)
 * @param resumeFrom   a failed or cancelled run of the same pipeline whose succeeded steps are reused when their inputs are unchanged
 * @param tags         extra tags on the pipeline's tracking run, set when it starts
 * @param cancellation how another thread stops the run
 * @param workRoot     where this run's steps keep their files, instead of the executor's (runs of one
 *                     pipeline at the same time each need their own)
 */
public record RunOptions(boolean force, Optional<String> resumeFrom, Map<String, String> tags, PipelineCancellation cancellation,
                         Optional<Path> workRoot) {
    public RunOptions {
        requireNonNull(resumeFrom, "resumeFrom is null");
        tags = Map.copyOf(tags);
        requireNonNull(cancellation, "cancellation is null");
        requireNonNull(workRoot, "workRoot is null");
    }

    /** Cached steps reused, nothing resumed, no extra tags, a cancellation nobody else holds. */
    public static RunOptions defaults() {
        return new RunOptions(false, Optional.empty(), Map.of(), new PipelineCancellation(), Optional.empty());
    }

    /** These options with {@code force}. */
    public RunOptions withForce(boolean force) {
        return new RunOptions(force, resumeFrom, tags, cancellation, workRoot);
    }

    /** These options resuming the pipeline run {@code runId}. */
    public RunOptions resumingFrom(String runId) {
        return new RunOptions(force, Optional.of(runId), tags, cancellation, workRoot);
    }

    /** These options with these extra tags instead. */
    public RunOptions withTags(Map<String, String> tags) {
        return new RunOptions(force, resumeFrom, tags, cancellation, workRoot);
    }

    /** These options with the run's files under {@code workRoot}. */
    public RunOptions withWorkRoot(Path workRoot) {
        return new RunOptions(force, resumeFrom, tags, cancellation, Optional.of(workRoot));
    }

    /** These options stopped through {@code cancellation}. */
    public RunOptions withCancellation(PipelineCancellation cancellation) {
        return new RunOptions(force, resumeFrom, tags, cancellation, workRoot);
    }
}
