/** Batch scoring: a table file of any size scored through a loaded model into a Parquet or CSV file. */
package dev.cairn.serve.batch;
