package dev.cairn.data.split;

import dev.cairn.data.file.TableFile;
import dev.cairn.model.frame.Column;
import dev.cairn.model.frame.Frame;
import dev.cairn.model.testing.BreastCancerModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DatasetSplitTest {
    private static final TableFile FLIGHTS = new TableFile(BreastCancerModel.exampleData().resolve("flights-3m.parquet"));

    @Test
    void timePartsHoldExactlyTheirMonths() throws SQLException {
        Map<String, SplitRule.TimeRange> ranges = new LinkedHashMap<>();
        ranges.put("train", new SplitRule.TimeRange("2001-01-01", "2001-02-01"));
        ranges.put("test", new SplitRule.TimeRange("2001-02-01", "2001-03-01"));
        ranges.put("monitor", new SplitRule.TimeRange("2001-03-01", "2001-07-02"));
        DatasetSplit split = new DatasetSplit(FLIGHTS, new SplitRule.ByTime("date", ranges));
        Map<String, Long> counts = split.counts();
        assertThat(counts.get("train")).isEqualTo(monthRows(1));
        assertThat(counts.get("test")).isEqualTo(monthRows(2));
        assertThat(counts.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(3_000_000);

        Frame test = split.read("test");
        assertThat(test.rowCount()).isEqualTo(counts.get("test").intValue());
        Column date = test.column("date").orElseThrow();
        for (int r = 0; r < test.rowCount(); r += 997) {
            assertThat(date.text(r)).startsWith("2001-02-");
        }
        assertThat(split.rule().describe("train")).isEqualTo("date >= 2001-01-01 AND date < 2001-02-01");
        assertThatThrownBy(() -> split.read("holdout")).hasMessageContaining("no part 'holdout'");
    }

    @Test
    void ratioPartsAreDisjointCoverEveryRowAndDependOnTheSeed() {
        Map<String, Double> ratios = new LinkedHashMap<>();
        ratios.put("train", 0.7);
        ratios.put("test", 0.2);
        ratios.put("monitor", 0.1);
        Map<String, int[]> first = DatasetSplit.ratioRows(new SplitRule.ByRatio(ratios, 42), 100_000);
        Map<String, int[]> again = DatasetSplit.ratioRows(new SplitRule.ByRatio(ratios, 42), 100_000);
        Map<String, int[]> other = DatasetSplit.ratioRows(new SplitRule.ByRatio(ratios, 7), 100_000);
        assertThat(first.get("train")).isEqualTo(again.get("train"));
        assertThat(first.get("train")).isNotEqualTo(other.get("train"));
        assertThat(first.get("train").length).isBetween(69_500, 70_500);
        assertThat(first.get("test").length).isBetween(19_500, 20_500);
        int[] all = first.values().stream().flatMapToInt(Arrays::stream).sorted().toArray();
        assertThat(all).hasSize(100_000);
        for (int i = 0; i < all.length; i++) {
            assertThat(all[i]).isEqualTo(i);
        }
        assertThatThrownBy(() -> new SplitRule.ByRatio(Map.of("train", 0.7, "test", 0.2), 1)).hasMessageContaining("sum to 1");
    }

    @Test
    void ratioPartsOfAFileReadTheirRows() {
        TableFile iris = new TableFile(BreastCancerModel.exampleData().resolve("penguins.json"));
        DatasetSplit split = new DatasetSplit(iris, new SplitRule.ByRatio(Map.of("train", 0.8, "test", 0.2), 3));
        Map<String, Long> counts = split.counts();
        assertThat(counts.get("train") + counts.get("test")).isEqualTo(344);
        assertThat(split.read("test").rowCount()).isEqualTo(counts.get("test").intValue());
    }

    @Test
    void aWrittenPartHoldsTheRowsReadGivesInTheirOrder(@TempDir Path folder) {
        TableFile penguins = new TableFile(BreastCancerModel.exampleData().resolve("penguins.json"));
        DatasetSplit split = new DatasetSplit(penguins, new SplitRule.ByRatio(Map.of("train", 0.8, "test", 0.2), 3));
        TableFile written = split.writeParquet("test", folder.resolve("test.parquet"));
        assertThat(written.read()).isEqualTo(split.read("test"));
        assertThat(split.writeParquet("test", folder.resolve("again.parquet")).sha256()).isEqualTo(written.sha256());
    }

    private static long monthRows(int month) throws SQLException {
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:");
             ResultSet rows = connection.createStatement().executeQuery("SELECT count(*) FROM " + FLIGHTS.readFunction()
                     + " WHERE month(date) = " + month)) {
            rows.next();
            return rows.getLong(1);
        }
    }
}
