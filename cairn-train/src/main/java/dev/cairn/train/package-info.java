/** Training: feature encodings, Tribuo trainers, hyperparameter search, evaluation and quality gates. */
package dev.cairn.train;
