package dev.cairn.dashboard.runs;

import dev.cairn.core.tracking.Run;
import dev.cairn.dashboard.Chart;

import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * Runs compared: their params and latest metrics side by side, rows whose values differ marked,
 * and each metric's histories overlaid in one chart.
 */
public record Comparison(List<Run> runs, List<Row> params, List<Row> metrics, List<Chart> charts) {
    public Comparison {
        runs = List.copyOf(runs);
        params = List.copyOf(params);
        metrics = List.copyOf(metrics);
        charts = List.copyOf(charts);
    }

    /**
     * One key across the runs: its value in each, in run order (empty where a run has none).
     *
     * @param differs true when the runs do not all hold the same value
     */
    public record Row(String key, List<String> values, boolean differs) {
        public Row {
            requireNonNull(key, "key is null");
            values = List.copyOf(values);
        }
    }
}
