/** Cairn's native dataset registry endpoints, {@code /api/v1/datasets}. */
package dev.cairn.server.datasets;
