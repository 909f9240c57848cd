package dev.cairn.core.monitor;

import java.util.Optional;
import java.util.OptionalLong;

import static java.util.Objects.requireNonNull;

/**
 * One raised alert: opened when its rule's condition first holds, kept (not raised again) while
 * it holds, resolved when a window no longer meets it.
 *
 * @param id the alert's id
 * @param ruleName the rule that raised it
 * @param deployment the deployment it is about
 * @param severity the rule's severity
 * @param firing true until resolved
 * @param acknowledged whether a person has acknowledged it
 * @param firedTime when it was raised, epoch milliseconds
 * @param resolvedTime when it was resolved
 * @param resultId the latest monitored window that met the condition
 * @param message what happened, in words
 * @param pipelineRun the pipeline run it requested, if its rule names a pipeline
 */
public record Alert(long id, String ruleName, String deployment, String severity, boolean firing, boolean acknowledged, long firedTime,
                   OptionalLong resolvedTime, long resultId, String message, Optional<Long> pipelineRun) {
    public Alert {
        requireNonNull(ruleName, "ruleName is null");
        requireNonNull(deployment, "deployment is null");
        requireNonNull(severity, "severity is null");
        requireNonNull(resolvedTime, "resolvedTime is null");
        requireNonNull(message, "message is null");
        requireNonNull(pipelineRun, "pipelineRun is null");
    }
}
