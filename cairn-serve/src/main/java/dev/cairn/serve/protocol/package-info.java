/** The wire formats of inference: the Open Inference Protocol v2 and MLflow's scoring formats, each to and from a {@code Frame}. */
package dev.cairn.serve.protocol;
