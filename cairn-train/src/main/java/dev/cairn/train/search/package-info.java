/** Hyperparameter search: grid and random candidates, k-fold cross-validation, trials in parallel. */
package dev.cairn.train.search;
