/**
 * The built-in step types, each a thin step around cairn-data's existing classes, and
 * {@link dev.cairn.pipeline.steps.BuiltInSteps}, the one place they are registered.
 */
package dev.cairn.pipeline.steps;
