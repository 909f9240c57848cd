/** The prediction log: every request recorded asynchronously as Parquet segments in the artifact store. */
package dev.cairn.serve.log;
