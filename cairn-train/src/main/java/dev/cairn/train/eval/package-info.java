/** Evaluation: classification and regression metrics, per slice, and which direction of each is better. */
package dev.cairn.train.eval;
