/** Declared feature encodings, fitted on training rows into the encodings a package keeps. */
package dev.cairn.train.encode;
