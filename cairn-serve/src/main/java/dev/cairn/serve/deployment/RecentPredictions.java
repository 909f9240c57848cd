package dev.cairn.serve.deployment;

import dev.cairn.serve.log.PredictionRecord;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The last few predictions of a deployment, kept in memory so the dashboard can show them the
 * moment they are made, before the prediction log's segment holding them is closed. Adding is
 * one atomic increment and one store: nothing on the request path waits.
 */
final class RecentPredictions {
    private final AtomicReferenceArray<PredictionRecord> ring;
    private final AtomicLong added = new AtomicLong();

    RecentPredictions(int capacity) {
        this.ring = new AtomicReferenceArray<>(capacity);
    }

    void add(PredictionRecord record) {
        ring.set((int) (added.getAndIncrement() % ring.length()), record);
    }

    /** The records held, newest first. */
    List<PredictionRecord> newestFirst() {
        long end = added.get();
        List<PredictionRecord> records = new ArrayList<>(ring.length());
        for (long i = end - 1; i >= Math.max(0, end - ring.length()); i--) {
            PredictionRecord record = ring.get((int) (i % ring.length()));
            if (record != null) {
                records.add(record);
            }
        }
        return records;
    }
}
