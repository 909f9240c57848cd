/** Registered datasets: versions, schema, profile (histograms, top values, nulls, quantiles) and split parts. */
package dev.cairn.dashboard.datasets;
