/** The {@code linear} flavor: two-class logistic regressions as coefficients and an intercept, scored in plain Java. */
package dev.cairn.model.linear;
