/** Cairn's error model: one code enum and one exception that carries a code. */
package dev.cairn.core.error;
