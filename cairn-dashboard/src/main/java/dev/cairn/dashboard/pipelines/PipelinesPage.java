package dev.cairn.dashboard.pipelines;

import java.util.List;

/**
 * The pipelines page: the pipelines stored on the server, then the latest pipeline runs (stored
 * or run from a file by the command line).
 */
public record PipelinesPage(List<StoredPipelineRow> stored, List<PipelineRunRow> runs) {
    public PipelinesPage {
        stored = List.copyOf(stored);
        runs = List.copyOf(runs);
    }
}
