package dev.cairn.core.pipeline;

import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;

import static java.util.Objects.requireNonNull;

/**
 * A requested run of a stored pipeline, from the request until it is over.
 *
 * @param triggerDetail   what fired it, in words ({@code cron 0 0 2 * * * Europe/Paris}, a changed file)
 * @param resumeOf        the run this one resumes, for a {@link TriggerKind#RESUME}
 * @param trackingRunId   the tracking run that records its steps, once it started
 * @param worker          the worker running it, or that ran it last
 * @param cancelRequested whether someone asked to cancel it while it ran
 * @param message         why it failed, was skipped or cancelled; empty otherwise
 * @param params          the run parameter values it was requested with (the pipeline's defaults fill the others)
 */
public record PipelineRun(long id, String pipeline, PipelineRunState state, TriggerKind trigger, String triggerDetail, boolean force,
                          OptionalLong resumeOf, Optional<String> trackingRunId, Optional<String> worker, boolean cancelRequested,
                          String message, long requestTime, OptionalLong startTime, OptionalLong endTime,
                          Map<String, String> params) {
    public PipelineRun {
        requireNonNull(pipeline, "pipeline is null");
        requireNonNull(state, "state is null");
        requireNonNull(trigger, "trigger is null");
        requireNonNull(triggerDetail, "triggerDetail is null");
        requireNonNull(resumeOf, "resumeOf is null");
        requireNonNull(trackingRunId, "trackingRunId is null");
        requireNonNull(worker, "worker is null");
        requireNonNull(message, "message is null");
        requireNonNull(startTime, "startTime is null");
        requireNonNull(endTime, "endTime is null");
        params = Collections.unmodifiableMap(new TreeMap<>(requireNonNull(params, "params is null")));
    }
}
