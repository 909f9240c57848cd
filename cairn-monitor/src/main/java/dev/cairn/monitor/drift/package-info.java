/**
 * Data drift between a reference table and a current one, column by column, with the tests
 * Evidently chooses (Kolmogorov-Smirnov, Wasserstein, chi-square, a proportions z-test,
 * Jensen-Shannon, PSI). The statistics are written here in plain Java; DuckDB reads the files
 * and counts each column's values, so memory follows the number of distinct values, not rows.
 */
package dev.cairn.monitor.drift;
