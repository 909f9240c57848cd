package dev.cairn.core.tracking;

import java.util.List;
import java.util.Optional;

/**
 * Experiments, runs and what runs log, with MLflow's semantics. Every method is one
 * transaction: it either completes or leaves nothing behind.
 */
public interface TrackingStore {
    /** The id of the experiment MLflow clients fall back to when they name none. */
    String DEFAULT_EXPERIMENT_ID = "0";

    /**
     * Creates an experiment and returns its id. Without an artifact location, its artifacts go
     * under the store's default artifact root.
     */
    String createExperiment(String name, Optional<String> artifactLocation, List<Tag> tags);

    /** The experiment with this id, deleted or not. */
    Experiment getExperiment(String experimentId);

    /** The experiment with this name, deleted or not. */
    Experiment getExperimentByName(String name);

    /** Experiments matching a search, one page at a time. */
    Page<Experiment> searchExperiments(ExperimentSearch search);

    /** Renames an experiment; the new name must be free. */
    void renameExperiment(String experimentId, String newName);

    /** Soft-deletes an experiment and its runs. */
    void deleteExperiment(String experimentId);

    /** Restores a soft-deleted experiment and the runs deleted with it. */
    void restoreExperiment(String experimentId);

    /** Sets (or overwrites) a tag on an experiment. */
    void setExperimentTag(String experimentId, Tag tag);

    /** Starts a run in an active experiment. */
    Run createRun(NewRun newRun);

    /** The run with its latest metrics, params and tags. */
    Run getRun(String runId);

    /** Changes a run's status, end time or name. */
    RunInfo updateRun(String runId, RunUpdate update);

    /** Soft-deletes a run. */
    void deleteRun(String runId);

    /** Restores a soft-deleted run. */
    void restoreRun(String runId);

    /** Writes metrics, params and tags to an active run, all or nothing. */
    void logBatch(String runId, LogBatch batch);

    /** Records datasets a run used; a dataset already recorded (same name and digest) is left as it is. */
    void logInputs(String runId, List<DatasetInput> inputs);

    /** Removes a tag from a run. */
    void deleteTag(String runId, String key);

    /** Every logged point of a metric, ordered by step and timestamp, one page at a time. */
    Page<Metric> getMetricHistory(String runId, String metricKey, int maxResults, Optional<String> pageToken);

    /** Runs matching a search, one page at a time. */
    Page<Run> searchRuns(RunSearch search);
}
