package dev.cairn.monitor.importance;

import dev.cairn.model.frame.Frame;

/** A model that answers a batch of input rows, as a loaded model package does. */
@FunctionalInterface
public interface Scorer {
    /** The model's outputs for the rows, one output row per input row, in order. */
    Frame score(Frame inputs);
}
