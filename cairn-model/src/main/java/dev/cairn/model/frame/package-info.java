/** Columnar batches of rows ({@code Frame}) shared by validation, serving and scoring, and their CSV form. */
package dev.cairn.model.frame;
