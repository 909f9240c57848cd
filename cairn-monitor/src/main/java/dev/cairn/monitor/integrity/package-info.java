/**
 * Data integrity of a current table against a reference: missing and new columns, changed types,
 * null shares, values out of the reference's range and unseen categories, with counts and
 * examples. DuckDB counts; Java keeps a handful of rows per column.
 */
package dev.cairn.monitor.integrity;
