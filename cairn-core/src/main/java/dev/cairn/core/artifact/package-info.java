/** Artifact storage: content-addressed files behind validated, MLflow-style paths. */
package dev.cairn.core.artifact;
