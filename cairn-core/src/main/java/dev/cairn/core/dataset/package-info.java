/**
 * The dataset registry: named datasets whose versions are identified by the sha256 of their
 * content, each with its schema, its profile (the reference monitoring compares against) and
 * the split it was last trained with.
 */
package dev.cairn.core.dataset;
