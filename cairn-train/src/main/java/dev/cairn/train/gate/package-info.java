/** Quality gates: the thresholds and champion comparison a new model must pass before it is registered. */
package dev.cairn.train.gate;
