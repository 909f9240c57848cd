package dev.cairn.core.pipeline;

import java.util.OptionalLong;

import static java.util.Objects.requireNonNull;

/**
 * A request to run a stored pipeline.
 *
 * @param detail   what fired it, in words, shown with the run
 * @param force    run every step, taking nothing from the cache
 * @param resumeOf the failed run to resume, reusing its finished steps
 */
public record RunRequest(TriggerKind trigger, String detail, boolean force, OptionalLong resumeOf) {
    public RunRequest {
        requireNonNull(trigger, "trigger is null");
        requireNonNull(detail, "detail is null");
        requireNonNull(resumeOf, "resumeOf is null");
        if (detail.length() > 1000) {
            detail = detail.substring(0, 997) + "...";
        }
    }

    /** A plain request of a kind. */
    public static RunRequest of(TriggerKind trigger, String detail) {
        return new RunRequest(trigger, detail, false, OptionalLong.empty());
    }
}
