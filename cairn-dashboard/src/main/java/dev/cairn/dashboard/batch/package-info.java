/** Batch scoring jobs: state, rows scored, how long they took, and their output. */
package dev.cairn.dashboard.batch;
