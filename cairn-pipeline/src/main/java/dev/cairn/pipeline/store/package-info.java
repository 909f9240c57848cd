/**
 * The pipeline's ports implemented over Cairn's stores in-process (the server and tests); the
 * command line implements the same ports over the REST API.
 */
package dev.cairn.pipeline.store;
