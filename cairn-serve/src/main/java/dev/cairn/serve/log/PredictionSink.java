package dev.cairn.serve.log;

/** Where served predictions go; {@link #offer} never blocks and may drop a record when the sink is full. */
@FunctionalInterface
public interface PredictionSink {
    /** Hands a record over; false if it was dropped. */
    boolean offer(PredictionRecord record);
}
