/** The {@code onnx} flavor: ONNX graphs run by ONNX Runtime, and importing an ONNX file as a package. */
package dev.cairn.model.onnx;
