/**
 * Pipeline runs as the executor records them: a tracking run per pipeline run and a nested run
 * per step, read back through their {@code cairn.pipeline.*} tags and their step logs.
 */
package dev.cairn.dashboard.pipelines;
