/** {@code /api/v1/pipelines}: stored pipelines, their schedules and runs. */
package dev.cairn.server.pipelines;
