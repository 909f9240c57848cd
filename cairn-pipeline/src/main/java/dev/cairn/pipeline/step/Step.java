package dev.cairn.pipeline.step;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;
import java.util.Map;

/**
 * A step type: what a pipeline step named with {@link #type()} does. Implementations are
 * stateless; everything a run needs arrives in its {@link StepContext}. The declarations
 * ({@link #params()}, {@link #requiredInputs()}, {@link #outputs(JsonNode)}) let a spec be checked
 * before anything runs.
 */
public interface Step {
    /** The name a spec uses in {@code type:}. */
    String type();

    /**
     * The version of this step's code. It is part of every cache key, so changing what a step
     * computes must change it: results of the old code are then never reused.
     */
    String codeVersion();

    /**
     * The version of the code a step with these parameters runs (its {@code file} parameters as
     * absolute paths); what the cache key holds. A step type running code the spec names, as
     * {@code java} runs a class from a jar, includes that code's version; others need not
     * override this.
     */
    default String codeVersion(JsonNode params) {
        return codeVersion();
    }

    /**
     * False when the step with these parameters reads something whose content is unknown until it
     * runs (a database query): it then always runs, whatever the spec's {@code cache:} says, and
     * the steps after it are cached by the digests of what it produced.
     */
    default boolean cacheable(JsonNode params) {
        return true;
    }

    /** The parameters the step takes. Parameters it does not declare are refused. */
    List<ParamSpec> params();

    /** The inputs a spec must name under {@code inputs:}; a step may accept more (a SQL step takes any table). */
    List<String> requiredInputs();

    /**
     * The outputs the step produces with these (already type-checked) parameters, by name; its
     * {@code file} parameters arrive as absolute paths, so a step type may open them here. A
     * combination of parameters the types cannot rule out (two that exclude each other) is
     * refused here with a {@code CairnException}, which the spec check reports with the line.
     */
    Map<String, Class<? extends Output>> outputs(JsonNode params);

    /** Runs the step; a thrown exception fails this attempt, with its message as the reason. */
    Map<String, Output> run(StepContext context);
}
