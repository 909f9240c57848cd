package dev.cairn.serve.log;

import dev.cairn.core.deployment.PredictionSegment;

/** Where the prediction log records each segment it closes (the metadata store, in the server). */
@FunctionalInterface
public interface SegmentIndex {
    /** Records a closed segment; called only after its file is complete in the artifact store. */
    void add(PredictionSegment segment);
}
