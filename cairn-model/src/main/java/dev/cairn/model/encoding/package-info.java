/**
 * Fitted feature encodings: how raw input columns become the numeric features a model was
 * trained on. An encoding is saved in {@code cairn-model.yaml}, so a served model takes the raw
 * columns and encodes them exactly as training did.
 */
package dev.cairn.model.encoding;
