package dev.cairn.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.model.testing.BreastCancerModel;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code cairn monitor compare} on the flights of January against June, each written to Parquet by
 * DuckDB; the integrity counts are checked against queries written here.
 */
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
        assertThat(fieldNames(report)).containsExactly("columns", "drift_share", "dataset_drift", "integrity");
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

        JsonNode integrity = report.get("integrity");
        assertThat(fieldNames(integrity)).containsExactly("columns", "violations");
        assertThat(integrity.get("columns")).extracting(column -> column.get("column").asText())
                .containsExactlyInAnyOrder("date", "delay", "distance", "origin", "destination");
        long violations = 0;
        for (JsonNode column : integrity.get("columns")) {
            assertThat(fieldNames(column)).containsExactly("column", "presence", "reference_type", "current_type", "violations", "type", "nulls",
                    "out_of_range", "unseen");
            assertThat(column.get("presence").asText()).isEqualTo("both");
            assertThat(column.get("type").get("violated").asBoolean()).isFalse();
            violations += column.get("violations").asLong();
        }
        assertThat(integrity.get("violations").asLong()).isEqualTo(violations);
        // Which distances and airports June has that January never had, counted by DuckDB here.
        String outside = "SELECT count(*) FROM " + read(june) + " WHERE distance < (SELECT min(distance) FROM " + read(january)
                + ") OR distance > (SELECT max(distance) FROM " + read(january) + ")";
        assertOffenders(column(integrity, "distance").get("out_of_range"), count(outside));
        assertThat(column(integrity, "distance").get("unseen").isNull()).isTrue();
        String unseen = "SELECT count(*) FROM " + read(june) + " WHERE origin IS NOT NULL AND origin NOT IN (SELECT origin FROM "
                + read(january) + " WHERE origin IS NOT NULL)";
        assertOffenders(column(integrity, "origin").get("unseen"), count(unseen));
        assertThat(column(integrity, "origin").get("out_of_range").isNull()).isTrue();
        assertThat(column(integrity, "date").get("out_of_range").isNull()).as("dates get no range").isTrue();
    }

    @Test
    void aMissingColumnIsAnIntegrityViolationAndDriftSkipsIt() throws Exception {
        Path withoutDestination = folder.resolve("june-without-destination.parquet");
        try (Connection duckdb = DriverManager.getConnection("jdbc:duckdb:"); Statement statement = duckdb.createStatement()) {
            statement.execute("COPY (SELECT * EXCLUDE (destination), 1 AS extra FROM " + read(june) + ") TO '" + withoutDestination
                    + "' (FORMAT PARQUET)");
        }
        CliServer.Result result = CliServer.cairnWithoutServer("monitor", "compare", "--reference", january.toString(), "--current",
                withoutDestination.toString(), "--json");
        assertThat(result.exitCode()).as(result.err()).isZero();
        JsonNode report = CairnClient.JSON.readTree(result.out());
        assertThat(report.get("columns")).extracting(column -> column.get("column").asText()).containsExactly("delay", "distance", "origin");
        JsonNode destination = column(report.get("integrity"), "destination");
        assertThat(destination.get("presence").asText()).isEqualTo("missing");
        assertThat(destination.get("violations").asLong()).isEqualTo(1);
        assertThat(destination.get("current_type").isNull()).isTrue();
        assertThat(destination.get("nulls").isNull()).isTrue();
        JsonNode extra = column(report.get("integrity"), "extra");
        assertThat(extra.get("presence").asText()).isEqualTo("new");
        assertThat(extra.get("violations").asLong()).isZero();
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
        assertThat(result.out().lines().toList()).as("drift, a blank line, integrity").hasSize(9);
        assertThat(result.out()).containsPattern("delay +wasserstein +0 +0\\.2 +no").containsPattern("origin +psi +0 +0\\.1 +no")
                .contains("0 of 2 columns drifted (share 0.000): no dataset drift")
                .containsPattern("delay +both +0 +\\d+ \\([0-9.]+% vs [0-9.]+%\\) +0 +-")
                .containsPattern("origin +both +0 +\\d+ \\([0-9.]+% vs [0-9.]+%\\) +- +0")
                .contains("0 integrity violations");
    }

    @Test
    void htmlWritesTheTwoTableReportBesideTheTableAndRefusesAnUnwritablePathInOneLine() throws Exception {
        Path page = folder.resolve("compare.html");
        CliServer.Result result = CliServer.cairnWithoutServer("monitor", "compare", "--reference", january.toString(), "--current",
                june.toString(), "--threshold", "delay=0.05", "--html", page.toString());
        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).contains("of 4 columns drifted").contains("HTML report -> " + page);
        String html = Files.readString(page);
        assertThat(html).startsWith("<!DOCTYPE html>").doesNotContain("<script").contains("june.parquet").contains("january.parquet")
                .contains("<td>delay</td><td>wasserstein</td>").contains("<td>origin</td><td>jensenshannon</td>").contains("Integrity")
                .contains("Distributions").contains("<figcaption>delay</figcaption>").contains("<figcaption>destination</figcaption>");

        CliServer.Result noFolder = CliServer.cairnWithoutServer("monitor", "compare", "--reference", january.toString(), "--current",
                june.toString(), "--html", folder.resolve("missing/compare.html").toString());
        assertThat(noFolder.exitCode()).isEqualTo(1);
        assertThat(noFolder.err().trim()).startsWith("error: INVALID_PARAMETER_VALUE: Cannot write the report to ").contains("does not exist")
                .hasLineCount(1);
        CliServer.Result aFolder = CliServer.cairnWithoutServer("monitor", "compare", "--reference", january.toString(), "--current",
                june.toString(), "--html", folder.toString());
        assertThat(aFolder.exitCode()).isEqualTo(1);
        assertThat(aFolder.err().trim()).startsWith("error: INVALID_PARAMETER_VALUE: Cannot write the report to ").hasLineCount(1)
                .doesNotContain("Exception");
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

    /** The count agrees with the independent query; examples exactly when there are offenders, at most five. */
    private static void assertOffenders(JsonNode check, long expected) {
        assertThat(check.get("count").asLong()).isEqualTo(expected);
        assertThat(check.get("violated").asBoolean()).isEqualTo(expected > 0);
        assertThat(check.get("examples").size()).isBetween(expected > 0 ? 1 : 0, (int) Math.min(5, expected));
    }

    private static JsonNode column(JsonNode integrity, String name) {
        for (JsonNode column : integrity.get("columns")) {
            if (column.get("column").asText().equals(name)) {
                return column;
            }
        }
        throw new AssertionError("no integrity entry for " + name + " in " + integrity);
    }

    private static String read(Path parquet) {
        return "read_parquet('" + parquet + "')";
    }

    private static long count(String query) throws Exception {
        try (Connection duckdb = DriverManager.getConnection("jdbc:duckdb:"); Statement statement = duckdb.createStatement();
                ResultSet row = statement.executeQuery(query)) {
            row.next();
            return row.getLong(1);
        }
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
