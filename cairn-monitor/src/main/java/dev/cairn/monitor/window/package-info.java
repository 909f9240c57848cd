/** One window of a deployment's prediction log compared with its reference: integrity, feature drift and prediction drift. */
package dev.cairn.monitor.window;
