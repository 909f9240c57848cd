/**
 * A reference and a current table file opened together in DuckDB, and the kinds of their columns:
 * what drift and integrity both read from.
 */
package dev.cairn.monitor.table;
