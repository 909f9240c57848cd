/** Data sources other than files: any JDBC database, read with a SQL query into a Parquet file. */
package dev.cairn.data.source;
