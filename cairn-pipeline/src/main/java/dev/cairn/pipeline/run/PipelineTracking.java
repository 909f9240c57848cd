package dev.cairn.pipeline.run;

import dev.cairn.core.tracking.RunStatus;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The tracking operations a pipeline run needs: its runs, their params, tags and logs, and the
 * lookup of a finished run by tag that makes the cache, and the lookups a resume needs. Implemented over the stores in-process
 * and over the REST API by the command line.
 */
public interface PipelineTracking {
    /** The id of the experiment with this name, created if it does not exist. */
    String experimentId(String name);

    /** Starts a run with tags; returns its id. */
    String startRun(String experimentId, String runName, Map<String, String> tags);

    /** Logs parameters. */
    void logParams(String runId, Map<String, String> params);

    /** Sets tags. */
    void setTags(String runId, Map<String, String> tags);

    /** Uploads a file as the run's artifact at {@code artifactPath}. */
    void uploadFile(String runId, String artifactPath, Path file);

    /** Ends a run. */
    void end(String runId, RunStatus status);

    /** The newest FINISHED run of the experiment with this tag value, if there is one. */
    Optional<TaggedRun> finishedRunWithTag(String experimentId, String tagKey, String tagValue);

    /** The run with this id, if there is one. */
    Optional<TaggedRun> run(String runId);

    /** The step runs of a pipeline run (those tagged with it as their parent), whatever their status, oldest first. */
    List<TaggedRun> stepRuns(String experimentId, String pipelineRunId);
}
