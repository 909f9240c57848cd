/** Training specs ({@code train.yaml}) as pipelines of the built-in steps. */
package dev.cairn.pipeline.training;
