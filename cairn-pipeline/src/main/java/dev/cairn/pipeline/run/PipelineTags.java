package dev.cairn.pipeline.run;

/** The tags a pipeline run and its step runs carry. */
public final class PipelineTags {
    /** On the pipeline run and its step runs: the pipeline's name. */
    public static final String PIPELINE = "cairn.pipeline.name";
    /** MLflow's nesting tag: a step run's pipeline run. */
    public static final String PARENT_RUN = "mlflow.parentRunId";
    /** A step run's step name. */
    public static final String STEP = "cairn.pipeline.step";
    /** A step run's step type. */
    public static final String STEP_TYPE = "cairn.pipeline.step_type";
    /** A step run's cache key; the cache is a search for a FINISHED run with this tag. */
    public static final String CACHE_KEY = "cairn.pipeline.cache_key";
    /** A step run's outputs as JSON, which a cache hit reuses. */
    public static final String OUTPUTS = "cairn.pipeline.outputs";
    /** How a step run ended: RAN, CACHED, FAILED or KILLED. */
    public static final String STATE = "cairn.pipeline.state";
    /** The steps a step reads from, comma-separated and sorted; with them a run's steps draw as its DAG. */
    public static final String UPSTREAM = "cairn.pipeline.upstream";
    /** The run a cached step's outputs were taken from. */
    public static final String CACHED_FROM = "cairn.pipeline.cached_from";
    /** On a resumed pipeline run: the pipeline run it resumed. */
    public static final String RESUMED_FROM = "cairn.pipeline.resumed_from";
    /** The attempts a step took. */
    public static final String ATTEMPTS = "cairn.pipeline.attempts";
    /** A step's time in milliseconds. */
    public static final String DURATION_MS = "cairn.pipeline.duration_ms";
    /** Why a step failed, or {@code cancelled: <reason>} for a killed one. */
    public static final String ERROR = "cairn.pipeline.error";

    private PipelineTags() {
    }
}
