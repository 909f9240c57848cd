package dev.cairn.core.pipeline;

import dev.cairn.core.error.CairnException;

import java.util.Collections;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;

import static java.util.Objects.requireNonNull;

/**
 * A request to run a stored pipeline.
 *
 * @param detail   what fired it, in words, shown with the run
 * @param force    run every step, taking nothing from the cache
 * @param resumeOf the failed run to resume, reusing its finished steps
 * @param params   values of the pipeline's declared run parameters, as text; the pipeline's
 *                 defaults hold for the others
 */
public record RunRequest(TriggerKind trigger, String detail, boolean force, OptionalLong resumeOf, Map<String, String> params) {
    /** More run parameters than any pipeline needs: the values are stored with the run. */
    public static final int MAX_PARAMS = 100;
    /** The longest value of one run parameter. */
    public static final int MAX_PARAM_LENGTH = 4000;

    public RunRequest {
        requireNonNull(trigger, "trigger is null");
        requireNonNull(detail, "detail is null");
        requireNonNull(resumeOf, "resumeOf is null");
        if (detail.length() > 1000) {
            detail = detail.substring(0, 997) + "...";
        }
        params = Collections.unmodifiableMap(new TreeMap<>(requireNonNull(params, "params is null")));
        if (params.size() > MAX_PARAMS) {
            throw CairnException.invalidParameter("A run takes at most " + MAX_PARAMS + " run parameters, not " + params.size());
        }
        params.forEach((name, value) -> {
            if (value.length() > MAX_PARAM_LENGTH) {
                throw CairnException.invalidParameter("Run parameter '" + name + "' is longer than " + MAX_PARAM_LENGTH + " characters");
            }
        });
    }

    /** A plain request of a kind, with the pipeline's default parameters. */
    public static RunRequest of(TriggerKind trigger, String detail) {
        return new RunRequest(trigger, detail, false, OptionalLong.empty(), Map.of());
    }

    /** The same request with these run parameter values. */
    public RunRequest withParams(Map<String, String> values) {
        return new RunRequest(trigger, detail, force, resumeOf, values);
    }
}
