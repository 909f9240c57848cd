package dev.cairn.core.pipeline;

/** What requested a pipeline run. */
public enum TriggerKind {
    /** A call to the API or the command line. */
    API,
    /** The pipeline's cron schedule. */
    SCHEDULE,
    /** A new version of a data source the pipeline watches. */
    DATASET,
    /** Another component of Cairn (a monitoring alert). */
    EVENT,
    /** A resume of a failed run. */
    RESUME
}
