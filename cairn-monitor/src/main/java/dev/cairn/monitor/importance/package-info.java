/**
 * Permutation importance of a served model's inputs over rows of a window: how much worse (or how
 * different) the model's answers get when one input's values are shuffled between rows.
 */
package dev.cairn.monitor.importance;
