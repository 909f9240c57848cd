/**
 * Experiment tracking as MLflow defines it: experiments, runs, params, metrics and tags, the
 * store contract that keeps them, and the limits every write obeys.
 */
package dev.cairn.core.tracking;
