/**
 * Pipelines stored on the server: their definitions ({@link dev.cairn.core.pipeline.Pipeline}), the
 * schedule and the concurrency policy, and the queue of requested runs
 * ({@link dev.cairn.core.pipeline.PipelineRun}) that workers claim. What a pipeline does lives in
 * cairn-pipeline; this package only stores and orders.
 */
package dev.cairn.core.pipeline;
