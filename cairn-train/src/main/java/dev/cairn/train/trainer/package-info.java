/** Tribuo trainers behind named algorithms, and the training rows they read. */
package dev.cairn.train.trainer;
