package dev.cairn.core.pipeline;

import java.util.List;
import java.util.Optional;

/**
 * Stored pipelines and the queue of their runs. Every method is one transaction; the ones that
 * apply a pipeline's concurrency policy ({@link #request}, {@link #claim}) serialize per pipeline,
 * so two workers or two triggers never both see the pipeline idle.
 */
public interface PipelineStore {
    /** Stores a new pipeline; fails with RESOURCE_ALREADY_EXISTS if the name is taken. */
    Pipeline create(NewPipeline pipeline);

    /** Replaces a pipeline's spec, folder, policy and watch flag; its schedule and runs stay. */
    Pipeline update(NewPipeline pipeline);

    /** A pipeline by name; RESOURCE_DOES_NOT_EXIST if there is none. */
    Pipeline get(String name);

    /** Every pipeline, by name. */
    List<Pipeline> list();

    /** Deletes a pipeline and its run history; fails with INVALID_STATE while one of its runs is queued or running. */
    void delete(String name);

    /** Sets or removes the schedule. */
    Pipeline setSchedule(String name, Optional<PipelineSchedule> schedule);

    /** Records the digest of a watched pipeline's data sources. */
    void setWatchedDigest(String name, String digest);

    /**
     * Requests a run, applying the pipeline's policy: under {@link ConcurrencyPolicy#SKIP} a request
     * while another run is queued or running is stored as {@link PipelineRunState#SKIPPED}; otherwise it
     * is {@link PipelineRunState#QUEUED}.
     */
    PipelineRun request(String pipeline, RunRequest request);

    /**
     * A worker's attempt to start a run: a queued run starts if its policy lets it (under QUEUE and
     * SKIP no other run of the pipeline is running and no older one is queued); a running run is taken
     * over (its last worker died, since the scheduler handed it out again).
     */
    RunClaim claim(long runId, String worker);

    /** Records the tracking run of a run this worker holds; false if the run is no longer this worker's. */
    boolean setTrackingRun(long runId, String worker, String trackingRunId);

    /**
     * Ends a running run this worker holds. A worker whose run was taken over (its heartbeats
     * stalled, another worker resumed it) changes nothing: the run is returned as it is.
     */
    PipelineRun finish(long runId, String worker, PipelineRunState state, String message);

    /** Cancels a queued run at once, or marks a running one for its worker to stop; a finished run is returned unchanged. */
    PipelineRun requestCancel(long runId);

    /** A run by id; RESOURCE_DOES_NOT_EXIST if there is none. */
    PipelineRun run(long runId);

    /** A pipeline's runs, newest first. */
    List<PipelineRun> runs(String pipeline, int limit);

    /** Runs not over (queued or running), oldest first, of every pipeline. */
    List<PipelineRun> unfinished();
}
