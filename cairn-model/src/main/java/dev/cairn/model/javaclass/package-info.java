/** The {@code java} flavor: a user's {@code Predictor} class from a jar, in its own class loader. */
package dev.cairn.model.javaclass;
