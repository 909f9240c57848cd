package dev.cairn.dashboard.pipelines;

import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * One output of a step, as its outputs tag records it.
 *
 * @param kind {@code dataset}, {@code file} or {@code metrics}
 * @param summary what it is in a line: a dataset's name and version, a file's path, metrics' values
 * @param link a dashboard page about it (a dataset's), if there is one
 */
public record StepOutput(String name, String kind, String summary, Optional<String> link) {
    public StepOutput {
        requireNonNull(name, "name is null");
        requireNonNull(kind, "kind is null");
        requireNonNull(summary, "summary is null");
        requireNonNull(link, "link is null");
    }
}
