/**
 * Fairness of a binary decision across the groups of a sensitive column: selection rate per group,
 * demographic parity difference and ratio (the four-fifths rule), and, where labels exist, true
 * and false positive rates per group and the equalized odds difference, as Fairlearn defines them.
 */
package dev.cairn.monitor.fairness;
