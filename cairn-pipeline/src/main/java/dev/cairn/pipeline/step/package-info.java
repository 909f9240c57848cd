/**
 * The step contract: the public {@link dev.cairn.pipeline.step.Step} interface, its typed
 * parameters and outputs, what a running step is given ({@link dev.cairn.pipeline.step.StepContext}),
 * and the registry of step types a pipeline may name.
 */
package dev.cairn.pipeline.step;
