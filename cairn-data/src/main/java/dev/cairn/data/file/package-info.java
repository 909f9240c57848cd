/** Reading table files (CSV, Parquet, JSON) with DuckDB into frames. */
package dev.cairn.data.file;
