/** Inference over HTTP: the Open Inference Protocol v2 ({@code /v2}) and MLflow's {@code /invocations} formats. */
package dev.cairn.server.inference;
