/**
 * Pipeline specs: the YAML file, read with the line of every value so that each error names its
 * line, and checked against the step types before anything runs.
 */
package dev.cairn.pipeline.spec;
