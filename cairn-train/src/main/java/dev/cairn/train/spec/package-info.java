/** The training spec ({@code train.yaml}): data, features, models, tuning, evaluation, gate and registration. */
package dev.cairn.train.spec;
