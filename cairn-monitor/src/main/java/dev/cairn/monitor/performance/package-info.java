/** A binary classifier's performance in a window: real, from the labels attached so far, and estimated from its probabilities (CBPE). */
package dev.cairn.monitor.performance;
