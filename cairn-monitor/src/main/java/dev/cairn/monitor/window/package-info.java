/**
 * One window of a deployment's prediction log compared with its reference: integrity, feature drift and prediction drift, a
 * binary classifier's performance, and on request fairness by a sensitive input and the permutation importance of the inputs.
 */
package dev.cairn.monitor.window;
