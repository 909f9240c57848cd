/** The reference a deployment's windows are compared with, computed once from its training data and stored. */
package dev.cairn.monitor.reference;
