package dev.cairn.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.model.testing.BreastCancerModel;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code cairn monitor compare} on the flights of January against June, each written to Parquet by DuckDB. */
class MonitorCommandTest {
    @TempDir
    static Path folder;

    static Path january;
    static Path june;

    @BeforeAll
    static void writeTheMonths() throws Exception {
        january = folder.resolve("january.parquet");
        june = folder.resolve("june.parquet");
        try (Connection duckdb = DriverManager.getConnection("jdbc:duckdb:"); Statement statement = duckdb.createStatement()) {
            String flights = "read_parquet('" + BreastCancerModel.exampleData().resolve("flights-3m.parquet").toAbsolutePath() + "')";
            statement.execute("COPY (SELECT * FROM " + flights + " WHERE month(date) = 1) TO '" + january + "' (FORMAT PARQUET)");
            statement.execute("COPY (SELECT * FROM " + flights + " WHERE month(date) = 6) TO '" + june + "' (FORMAT PARQUET)");
        }
    }

    @Test
    void januaryAgainstJuneAsJson() throws Exception {
        CliServer.Result result = CliServer.cairnWithoutServer("monitor", "compare", "--reference", january.toString(), "--current",
                june.toString(), "--json");
        assertThat(result.exitCode()).as(result.err()).isZero();
        JsonNode report = CairnClient.JSON.readTree(result.out());
        assertThat(fieldNames(report)).containsExactly("columns", "drift_share", "dataset_drift");
        assertThat(report.get("columns")).extracting(column -> column.get("column").asText())
                .as("the date is left out").containsExactly("delay", "distance", "origin", "destination");
        for (JsonNode column : report.get("columns")) {
            assertThat(fieldNames(column)).containsExactly("column", "method", "statistic", "threshold", "drift");
            assertThat(column.get("statistic").asDouble()).as(result.out()).isPositive().isLessThan(0.1);
            assertThat(column.get("drift").isBoolean()).isTrue();
        }
        assertThat(report.get("columns")).extracting(column -> column.get("method").asText())
                .as("half a million reference rows: the distances").containsExactly("wasserstein", "wasserstein", "jensenshannon", "jensenshannon");
        // With Evidently's thresholds June's delays (0.087 standard deviations away) stay just below 0.1.
        assertThat(report.get("drift_share").asDouble()).isZero();
        assertThat(report.get("dataset_drift").asBoolean()).isFalse();
    }

    @Test
    void januaryAgainstJuneDriftsUnderATighterThresholdAndTheKsTest() throws Exception {
        CliServer.Result result = CliServer.cairnWithoutServer("monitor", "compare", "--reference", january.toString(), "--current",
                june.toString(), "--json", "--threshold", "delay=0.05", "--method", "distance=ks");
        assertThat(result.exitCode()).as(result.err()).isZero();
        JsonNode report = CairnClient.JSON.readTree(result.out());
        assertThat(report.get("columns")).extracting(column -> column.get("drift").asBoolean()).as(result.out())
                .containsExactly(true, true, false, false);
        assertThat(report.get("columns").get(1).get("method").asText()).isEqualTo("ks");
        assertThat(report.get("columns").get(1).get("statistic").asDouble()).as("a p-value over half a million rows").isLessThan(1e-6);
        assertThat(report.get("drift_share").asDouble()).isEqualTo(0.5);
        assertThat(report.get("dataset_drift").asBoolean()).isTrue();
    }

    @Test
    void aFileAgainstItselfDriftsNothingAndTheTableSaysSo() {
        CliServer.Result result = CliServer.cairnWithoutServer("monitor", "compare", "--reference", january.toString(), "--current",
                january.toString(), "--columns", "delay,origin", "--method", "origin=psi", "--threshold", "delay=0.2");
        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out().lines().toList()).hasSize(4);
        assertThat(result.out()).containsPattern("delay +wasserstein +0 +0\\.2 +no").containsPattern("origin +psi +0 +0\\.1 +no")
                .contains("0 of 2 columns drifted (share 0.000): no dataset drift");
    }

    @Test
    void badInputIsOneErrorLine() {
        CliServer.Result unknown = CliServer.cairnWithoutServer("monitor", "compare", "--reference", january.toString(), "--current",
                june.toString(), "--columns", "delay,speed");
        assertThat(unknown.exitCode()).isEqualTo(1);
        assertThat(unknown.err().trim()).startsWith("error: INVALID_PARAMETER_VALUE: Column 'speed' is not in january.parquet").hasLineCount(1);
        CliServer.Result missing = CliServer.cairnWithoutServer("monitor", "compare", "--reference", folder.resolve("nope.csv").toString(),
                "--current", june.toString());
        assertThat(missing.exitCode()).isEqualTo(1);
        assertThat(missing.err()).contains("nope.csv does not exist");
        CliServer.Result method = CliServer.cairnWithoutServer("monitor", "compare", "--reference", january.toString(), "--current",
                june.toString(), "--method", "delay=anova");
        assertThat(method.err()).contains("Unknown drift method 'anova'");
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
