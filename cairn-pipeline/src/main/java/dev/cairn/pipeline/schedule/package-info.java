/**
 * Stored pipelines run on schedules, triggers and workers: {@link dev.cairn.pipeline.schedule.PipelineScheduler}
 * over db-scheduler on the metadata database.
 */
package dev.cairn.pipeline.schedule;
