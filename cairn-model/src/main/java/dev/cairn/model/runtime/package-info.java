/** Model runtimes: the {@code Predictor} contract, the ONNX runtime, and loading a package to score. */
package dev.cairn.model.runtime;
