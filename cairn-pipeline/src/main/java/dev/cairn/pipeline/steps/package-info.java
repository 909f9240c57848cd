/**
 * The built-in step types, each a thin step around existing classes (cairn-data's for data,
 * cairn-train's for training and gates, cairn-serve's batch scorer), and
 * {@link dev.cairn.pipeline.steps.BuiltInSteps}, the one place they are registered.
 */
package dev.cairn.pipeline.steps;
