/**
 * Running a checked pipeline: the DAG executor, content-keyed caching, retries, resume and
 * cancellation, and what a pipeline run records in tracking.
 */
package dev.cairn.pipeline.run;
