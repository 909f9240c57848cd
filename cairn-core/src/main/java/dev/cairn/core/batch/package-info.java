/** Batch scoring jobs as the metadata store keeps them: what to score with which version, and how far each got. */
package dev.cairn.core.batch;
