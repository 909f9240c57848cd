/** SQL over DuckDB: query results as frames, and SQL transforms of datasets into new Parquet files. */
package dev.cairn.data.sql;
