package dev.cairn.serve.deployment;

import dev.cairn.model.frame.Column;
import dev.cairn.model.frame.Frame;
import dev.cairn.serve.log.LoggedRow;
import dev.cairn.serve.log.PredictionRecord;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The dashboard's last few predictions: newest first, the oldest overwritten, safe under concurrent adds. */
class RecentPredictionsTest {
    @Test
    void keepsTheNewestNewestFirst() {
        RecentPredictions recent = new RecentPredictions(3);
        assertThat(recent.newestFirst()).isEmpty();
        recent.add(record("a"));
        recent.add(record("b"));
        assertThat(recent.newestFirst()).extracting(PredictionRecord::predictionId).containsExactly("b", "a");
        recent.add(record("c"));
        recent.add(record("d"));
        recent.add(record("e"));
        assertThat(recent.newestFirst()).extracting(PredictionRecord::predictionId).containsExactly("e", "d", "c");
    }

    @Test
    void concurrentAddsLeaveAFullRingOfRecordsThatWereAdded() throws Exception {
        RecentPredictions recent = new RecentPredictions(25);
        ExecutorService threads = Executors.newFixedThreadPool(4);
        List<String> added = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            int thread = t;
            threads.execute(() -> {
                for (int i = 0; i < 10_000; i++) {
                    recent.add(record(thread + "-" + i));
                }
            });
            for (int i = 0; i < 10_000; i++) {
                added.add(t + "-" + i);
            }
        }
        threads.shutdown();
        assertThat(threads.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        assertThat(recent.newestFirst()).hasSize(25).extracting(PredictionRecord::predictionId).isSubsetOf(added);
    }

    private static final LoggedRow ROW = new LoggedRow(new Frame(List.of(Column.Numbers.ofDoubles("x", new double[] {1}))), 0);

    private static PredictionRecord record(String id) {
        return new PredictionRecord(id, "flights", "flights-delay", 1, "stable", 0, 10, ROW, ROW);
    }
}
