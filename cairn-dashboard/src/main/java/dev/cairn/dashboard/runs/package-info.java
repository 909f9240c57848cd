/** One run (params, metrics with their histories, artifacts, datasets) and runs compared side by side. */
package dev.cairn.dashboard.runs;
