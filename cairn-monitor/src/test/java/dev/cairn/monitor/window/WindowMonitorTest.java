package dev.cairn.monitor.window;

import dev.cairn.core.error.CairnException;
import dev.cairn.data.file.TableFile;
import dev.cairn.monitor.drift.ColumnDrift;
import dev.cairn.monitor.drift.DriftOptions;
import dev.cairn.monitor.fairness.FairnessReport;
import dev.cairn.monitor.fairness.GroupOutcome;
import dev.cairn.monitor.importance.FeatureImportance;
import dev.cairn.monitor.importance.ImportanceMetric;
import dev.cairn.monitor.importance.ImportanceReport;
import dev.cairn.monitor.importance.Scorer;
import dev.cairn.monitor.integrity.ColumnIntegrity;
import dev.cairn.monitor.integrity.IntegrityOptions;
import dev.cairn.monitor.performance.WindowPerformance;
import dev.cairn.model.frame.Column;
import dev.cairn.model.frame.Frame;
import dev.cairn.monitor.reference.ReferenceSample;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * Windows of a prediction log, written as the prediction export writes them (JSON inputs and
 * outputs), compared with a reference sample that holds the model's outputs.
 */
class WindowMonitorTest {
    /** The model of the test: the probability rises with distance. */
    private static final String PROBABILITY = "least(1.0, distance / 2000.0)";

    @TempDir
    Path folder;
    TableFile reference;

    @BeforeEach
    void reference() throws SQLException {
        write("training.parquet", "SELECT (i * 7919) % 1500 + 100 AS distance, ['SFO', 'LAX', 'JFK'][1 + i % 3] AS origin, i % 2 = 0 AS delayed "
                + "FROM range(5000) t(i)");
        Path sample = folder.resolve("sample.parquet");
        ReferenceSample.write(new TableFile(folder.resolve("training.parquet")), sample, 2_000);
        write("scored.parquet", "SELECT " + ReferenceSample.ROW_COLUMN + ", " + PROBABILITY + " AS probability_1, "
                + "CASE WHEN " + PROBABILITY + " > 0.5 THEN '1' ELSE '0' END AS label FROM read_parquet('" + sample + "')");
        ReferenceSample.attachOutputs(new TableFile(sample), new TableFile(folder.resolve("scored.parquet")), folder.resolve("reference.parquet"));
        reference = new TableFile(folder.resolve("reference.parquet"));
    }

    @Test
    void aWindowLikeTheTrainingDataShowsNoDriftAndIntactInputs() throws SQLException {
        Path window = log("same.parquet", "(i * 104729) % 1500 + 100", "['SFO', 'LAX', 'JFK'][1 + i % 3]", 3_000);
        WindowReport report = WindowMonitor.compare(reference, window, folder, DriftOptions.defaults(), IntegrityOptions.defaults());

        assertThat(report.rows()).isEqualTo(3_000);
        assertThat(report.integrity().violations()).isZero();
        assertThat(report.features().columns()).extracting(ColumnDrift::column).containsExactly("distance", "origin");
        assertThat(report.features().columns()).noneMatch(ColumnDrift::drift);
        assertThat(report.features().datasetDrift()).isFalse();
        assertThat(report.predictions()).isPresent();
        assertThat(report.predictions().get().columns()).extracting(ColumnDrift::column)
                .containsExactly("output.label", "output.probability_1");
        assertThat(report.predictions().get().datasetDrift()).isFalse();
    }

    @Test
    void aShiftedWindowDriftsInInputsAndOutputsAndBreaksIntegrity() throws SQLException {
        // Longer flights (within the training range but for ten), and a new airport.
        Path window = log("shifted.parquet", "CASE WHEN i < 10 THEN 9000 ELSE (i * 104729) % 500 + 1100 END",
                "CASE WHEN i % 4 = 0 THEN 'ORD' ELSE ['SFO', 'LAX', 'JFK'][1 + i % 3] END", 3_000);
        WindowReport report = WindowMonitor.compare(reference, window, folder, DriftOptions.defaults(), IntegrityOptions.defaults());

        assertThat(report.features().columns()).allMatch(ColumnDrift::drift);
        assertThat(report.features().datasetDrift()).isTrue();
        assertThat(report.predictions().orElseThrow().columns()).allMatch(ColumnDrift::drift);
        ColumnIntegrity distance = report.integrity().columns().get(0);
        assertThat(distance.column()).isEqualTo("distance");
        assertThat(distance.outOfRange().count()).isEqualTo(10);
        assertThat(distance.outOfRange().examples()).containsExactly("9000");
        ColumnIntegrity origin = report.integrity().columns().get(1);
        assertThat(origin.unseen().count()).isEqualTo(750);
        assertThat(origin.unseen().examples()).containsExactly("ORD");
    }

    @Test
    void anInputTheReferenceLacksIsReportedAndAValueOfTheWrongTypeCountsAsNull() throws SQLException {
        write("odd.parquet", "SELECT 'p' || i AS prediction_id, json_object('distance', CASE WHEN i % 5 = 0 THEN 'far' ELSE "
                + "CAST((i * 104729) % 1500 + 100 AS VARCHAR) END, 'origin', 'SFO', 'seats', i) AS inputs, "
                + "json_object('label', '0') AS outputs FROM range(500) t(i)");
        WindowReport report = WindowMonitor.compare(reference, folder.resolve("odd.parquet"), folder, DriftOptions.defaults(),
                IntegrityOptions.defaults());

        assertThat(report.integrity().columns()).extracting(ColumnIntegrity::column).containsExactly("distance", "origin", "seats");
        assertThat(report.integrity().columns().get(2).presence()).isEqualTo(ColumnIntegrity.Presence.NEW);
        ColumnIntegrity distance = report.integrity().columns().get(0);
        assertThat(distance.currentNullShare()).as("'far' is not a number").isEqualTo(0.2);
        assertThat(distance.nulls().violated()).isTrue();
        assertThat(report.predictions().orElseThrow().columns()).extracting(ColumnDrift::column).containsExactly("output.label");
    }

    @Test
    void aBinaryClassifiersPerformanceIsEstimatedAndMeasuredOnTheLabelledRows() throws SQLException {
        // Two probability outputs; labels on every other row, drawn so that they agree with the prediction 3 times in 4.
        // 500 shadow copies of the first rows, logged under the same ids, are not part of what was served.
        write("labelled.parquet", "SELECT * FROM (SELECT prediction_id, 'stable' AS arm, inputs, outputs, label FROM served UNION ALL "
                + "SELECT prediction_id, 'shadow', inputs, json_object('label', '1', 'probability_0', 0.0, 'probability_1', 1.0), label "
                + "FROM served WHERE i < 500)", "CREATE TEMP TABLE served AS SELECT i, 'p' || i AS prediction_id, "
                + "json_object('distance', (i * 104729) % 1500 + 100, 'origin', 'SFO') AS inputs, "
                + "json_object('label', CASE WHEN p > 0.5 THEN '1' ELSE '0' END, 'probability_0', 1 - p, 'probability_1', p) AS outputs, "
                + "CASE WHEN i % 2 = 1 THEN NULL WHEN i % 8 = 0 THEN (CASE WHEN p > 0.5 THEN '0' ELSE '1' END) ELSE "
                + "(CASE WHEN p > 0.5 THEN '1' ELSE '0' END) END AS label FROM (SELECT i, ((i * 7919) % 1000) / 1000.0 AS p FROM range(4000) t(i))");
        WindowReport report = WindowMonitor.compare(reference, folder.resolve("labelled.parquet"), folder, DriftOptions.defaults(),
                IntegrityOptions.defaults());

        WindowPerformance performance = report.performance().orElseThrow();
        assertThat(performance.positiveClass()).isEqualTo("1");
        assertThat(performance.predictions()).isEqualTo(4_000);
        assertThat(performance.labelled()).isEqualTo(2_000);
        assertThat(performance.real().orElseThrow().accuracy()).isCloseTo(0.75, within(0.01));
        // Probabilities spread evenly over [0, 1): CBPE expects an accuracy of 0.75 too.
        assertThat(performance.estimated().accuracy()).isCloseTo(0.75, within(0.01));
        assertThat(report.integrity().columns()).extracting(ColumnIntegrity::column).containsExactly("distance", "origin");
    }

    @Test
    void fairnessByAnInputAndTheImportanceOfTheInputsToTheModelAreReportedWhenAskedFor() throws SQLException {
        // JFK's probabilities are halved, so it is selected less; labels on three rows in four: '1' for the flights over 1000.
        String served = "CREATE TEMP TABLE served AS SELECT i, 'p' || i AS prediction_id, json_object('distance', d, 'origin', o) AS inputs, "
                + "json_object('label', CASE WHEN p > 0.5 THEN '1' ELSE '0' END, 'probability_0', 1 - p, 'probability_1', p) AS outputs, "
                + "CASE WHEN i % 4 = 3 THEN NULL WHEN d > 1000 THEN '1' ELSE '0' END AS label, o, p FROM (SELECT i, d, o, "
                + "CASE WHEN o = 'JFK' THEN 0.5 ELSE 1 END * least(1.0, d / 2000.0) AS p FROM (SELECT i, (i * 104729) % 1500 + 100 AS d, "
                + "['SFO', 'LAX', 'JFK'][1 + i % 3] AS o FROM range(3000) t(i)))";
        write("groups.parquet", "SELECT prediction_id, inputs, outputs, label FROM served", served);
        // The model of the test reads the distance only.
        Scorer model = rows -> {
            double[] distance = ((Column.Numbers) rows.column("distance").orElseThrow()).values();
            double[] positive = new double[distance.length];
            double[] negative = new double[distance.length];
            for (int i = 0; i < distance.length; i++) {
                positive[i] = Math.min(1.0, distance[i] / 2000.0);
                negative[i] = 1 - positive[i];
            }
            return new Frame(List.of(Column.Numbers.ofDoubles("probability_0", negative), Column.Numbers.ofDoubles("probability_1", positive)));
        };
        WindowReport report = WindowMonitor.compare(reference, folder.resolve("groups.parquet"), folder, DriftOptions.defaults(),
                IntegrityOptions.defaults(), new ExplainOptions(Optional.of("origin"), Optional.of(model), 7));

        FairnessReport fairness = report.fairness().orElseThrow();
        assertThat(fairness.positiveClass()).isEqualTo("1");
        assertThat(fairness.groups()).extracting(GroupOutcome::group).containsExactly("JFK", "LAX", "SFO");
        // The same rates counted by a second method: DuckDB over the rows that made the window.
        try (Connection duckdb = DriverManager.getConnection("jdbc:duckdb:"); Statement statement = duckdb.createStatement()) {
            statement.execute(served);
            try (ResultSet rows = statement.executeQuery("SELECT o, count(*), avg(CAST(p > 0.5 AS INT)), "
                    + "sum(CAST(p > 0.5 AND label = '1' AS INT)) / sum(CAST(label = '1' AS INT)), "
                    + "sum(CAST(p > 0.5 AND label = '0' AS INT)) / sum(CAST(label = '0' AS INT)) FROM served GROUP BY o ORDER BY o")) {
                for (GroupOutcome group : fairness.groups()) {
                    rows.next();
                    assertThat(group.group()).isEqualTo(rows.getString(1));
                    assertThat(group.count()).isEqualTo(rows.getLong(2));
                    assertThat(group.selectionRate()).isCloseTo(rows.getDouble(3), within(1e-12));
                    assertThat(group.truePositiveRate()).isCloseTo(rows.getDouble(4), within(1e-12));
                    assertThat(group.falsePositiveRate()).isCloseTo(rows.getDouble(5), within(1e-12));
                }
            }
        }
        double jfk = fairness.groups().get(0).selectionRate();
        double highest = Math.max(fairness.groups().get(1).selectionRate(), fairness.groups().get(2).selectionRate());
        assertThat(fairness.demographicParityRatio()).isCloseTo(jfk / highest, within(1e-12));
        assertThat(fairness.flagged()).as("JFK is selected far less often").isTrue();
        assertThat(fairness.equalizedOdds()).isPresent();

        ImportanceReport importance = report.importance().orElseThrow();
        assertThat(importance.metric()).as("labels name the classes").isEqualTo(ImportanceMetric.ROC_AUC);
        assertThat(importance.rows()).as("the labelled rows").isEqualTo(2_250);
        assertThat(importance.features()).extracting(FeatureImportance::column).containsExactly("distance", "origin");
        // The labels follow the distance: the model ranks them perfectly, and a shuffled distance about as well as a coin.
        assertThat(importance.baseline()).isEqualTo(1.0);
        assertThat(importance.features().get(0).mean()).isCloseTo(0.5, within(0.05));
        assertThat(importance.features().get(1).mean()).as("the model never reads the origin").isZero();
        WindowReport again = WindowMonitor.compare(reference, folder.resolve("groups.parquet"), folder, DriftOptions.defaults(),
                IntegrityOptions.defaults(), new ExplainOptions(Optional.empty(), Optional.of(model), 7));
        assertThat(again.importance()).as("the same seed, the same figures").hasValue(importance);
        assertThat(again.fairness()).isEmpty();
        // Labels attached to none of the window's rows: every row is sampled, and importance is how far the probability moves.
        write("unlabelled.parquet", "SELECT prediction_id, inputs, outputs, CAST(NULL AS VARCHAR) AS label FROM served", served);
        ImportanceReport unlabelled = WindowMonitor.compare(reference, folder.resolve("unlabelled.parquet"), folder, DriftOptions.defaults(),
                IntegrityOptions.defaults(), new ExplainOptions(Optional.empty(), Optional.of(model), 7)).importance().orElseThrow();
        assertThat(unlabelled.metric()).isEqualTo(ImportanceMetric.PROBABILITY_CHANGE);
        assertThat(unlabelled.rows()).isEqualTo(3_000);
        assertThat(unlabelled.features().get(0).column()).isEqualTo("distance");
        // Labels on a handful of rows only: a metric drop over them would be noise, so the answers' movement is measured instead.
        write("few-labels.parquet", "SELECT prediction_id, inputs, outputs, CASE WHEN i < 150 THEN label END AS label FROM served", served);
        ImportanceReport fewLabels = WindowMonitor.compare(reference, folder.resolve("few-labels.parquet"), folder, DriftOptions.defaults(),
                IntegrityOptions.defaults(), new ExplainOptions(Optional.empty(), Optional.of(model), 7)).importance().orElseThrow();
        assertThat(fewLabels.metric()).isEqualTo(ImportanceMetric.PROBABILITY_CHANGE);
        assertThat(fewLabels.rows()).isEqualTo(3_000);

        assertThatThrownBy(() -> WindowMonitor.compare(reference, folder.resolve("groups.parquet"), folder, DriftOptions.defaults(),
                IntegrityOptions.defaults(), new ExplainOptions(Optional.of("gender"), Optional.empty(), 7)))
                .isInstanceOf(CairnException.class).hasMessage("Sensitive column 'gender' is not an input of the window; choose from [distance, origin]");
        assertThatThrownBy(() -> WindowMonitor.compare(reference, folder.resolve("groups.parquet"), folder, DriftOptions.defaults(),
                IntegrityOptions.defaults(), new ExplainOptions(Optional.of("distance"), Optional.empty(), 7)))
                .isInstanceOf(CairnException.class).hasMessageContaining("at most 100 groups");
    }

    @Test
    void labelsMatchTheClassesAsTextOrAsNumbers() {
        assertThat(WindowMonitor.classOf("1", "1", "0")).hasValue(true);
        assertThat(WindowMonitor.classOf(" 1.0 ", "1", "0")).hasValue(true);
        assertThat(WindowMonitor.classOf("0.0", "1", "0")).hasValue(false);
        assertThat(WindowMonitor.classOf("yes", "1", "0")).as("a typo counts for neither class").isEmpty();
        assertThat(WindowMonitor.classOf("M", "M", "B")).hasValue(true);
        assertThat(WindowMonitor.classOf("", "M", "B")).isEmpty();
        assertThat(WindowMonitor.classOf(null, "M", "B")).isEmpty();
    }

    @Test
    void aColumnThatIsNotAnInputIsNamedWithTheInputs() throws SQLException {
        Path window = log("few.parquet", "100", "'SFO'", 10);
        assertThatThrownBy(() -> WindowMonitor.compare(reference, window, folder, new DriftOptions(List.of("delayed"), Map.of(),
                Map.of(), 0.5), IntegrityOptions.defaults()))
                .isInstanceOf(CairnException.class).hasMessage("Column 'delayed' is not an input of the model found in the reference; choose from "
                        + "[distance, origin]");
    }

    @Test
    void anEmptyWindowIsAClearError() throws SQLException {
        Path window = log("empty.parquet", "100", "'SFO'", 0);
        assertThatThrownBy(() -> WindowMonitor.compare(reference, window, folder, DriftOptions.defaults(), IntegrityOptions.defaults()))
                .isInstanceOf(CairnException.class).hasMessageContaining("no predictions");
    }

    @Test
    void aShadowIsComparedWithTheServedVersionOnTheRequestsBothScored() throws SQLException {
        // The shadow (version 2) answers every request 0.1 higher, and gives the other label on every fourth.
        write("shadowed.parquet", "SELECT * FROM (SELECT prediction_id, 1 AS model_version, 'stable' AS arm, inputs, "
                + "json_object('label', label, 'probability_1', p) AS outputs FROM served UNION ALL "
                + "SELECT prediction_id, 2, 'shadow', inputs, json_object('label', CASE WHEN i % 4 = 0 THEN (CASE WHEN label = '1' THEN '0' "
                + "ELSE '1' END) ELSE label END, 'probability_1', p + 0.1) FROM served)",
                "CREATE TEMP TABLE served AS SELECT i, 'p' || i AS prediction_id, json_object('distance', (i * 104729) % 1500 + 100, "
                        + "'origin', 'SFO') AS inputs, p, CASE WHEN p > 0.5 THEN '1' ELSE '0' END AS label "
                        + "FROM (SELECT i, ((i * 7919) % 800) / 1000.0 AS p FROM range(2000) t(i))");
        WindowReport report = WindowMonitor.compare(reference, folder.resolve("shadowed.parquet"), folder, DriftOptions.defaults(),
                IntegrityOptions.defaults());

        assertThat(report.rows()).as("the window is what was served").isEqualTo(2_000);
        VersionComparison versions = report.versions().orElseThrow();
        assertThat(versions.baseline()).isEqualTo(new VersionComparison.ServedVersion("stable", 1, 2_000));
        assertThat(versions.candidate()).isEqualTo(new VersionComparison.ServedVersion("shadow", 2, 2_000));
        VersionComparison.PairedOutputs paired = versions.paired().orElseThrow();
        assertThat(paired.rows()).isEqualTo(2_000);
        assertThat(paired.agreement().orElseThrow()).isCloseTo(0.75, within(1e-12));
        assertThat(paired.meanAbsoluteDifferences()).containsOnlyKeys("probability_1");
        assertThat(paired.meanAbsoluteDifferences().get("probability_1")).isCloseTo(0.1, within(1e-9));
        assertThat(versions.outputs().columns()).extracting(ColumnDrift::column).containsExactly("label", "probability_1");
        ColumnDrift probability = versions.outputs().columns().get(1);
        // A shift of 0.1 against a spread of 0.8 / sqrt(12): Wasserstein over the baseline's standard deviation, about 0.43.
        assertThat(probability.statistic()).isCloseTo(0.1 / (0.8 / Math.sqrt(12)), within(0.01));
        assertThat(probability.drift()).isTrue();
    }

    @Test
    void aCanaryIsComparedByTheDistributionOfItsOutputsAndOneVersionGivesNoComparison() throws SQLException {
        write("canary.parquet", "SELECT 'p' || i AS prediction_id, CASE WHEN i % 5 = 0 THEN 2 ELSE 1 END AS model_version, "
                + "CASE WHEN i % 5 = 0 THEN 'canary' ELSE 'stable' END AS arm, json_object('distance', 100 + i % 1500, 'origin', 'SFO') AS inputs, "
                + "json_object('label', CASE WHEN i % 2 = 0 THEN '1' ELSE '0' END, 'probability_1', ((i * 7919) % 1000) / 1000.0) AS outputs "
                + "FROM range(5000) t(i)");
        VersionComparison versions = WindowMonitor.compare(reference, folder.resolve("canary.parquet"), folder, DriftOptions.defaults(),
                IntegrityOptions.defaults()).versions().orElseThrow();
        assertThat(versions.baseline()).isEqualTo(new VersionComparison.ServedVersion("stable", 1, 4_000));
        assertThat(versions.candidate()).isEqualTo(new VersionComparison.ServedVersion("canary", 2, 1_000));
        assertThat(versions.paired()).as("a canary answers other requests: nothing to pair").isEmpty();
        assertThat(versions.outputs().columns()).noneMatch(ColumnDrift::drift);

        Path single = log("single.parquet", "(i * 104729) % 1500 + 100", "'SFO'", 500);
        assertThat(WindowMonitor.compare(reference, single, folder, DriftOptions.defaults(), IntegrityOptions.defaults()).versions()).isEmpty();
    }

    /** A window of {@code rows} predictions with the given distance and origin expressions over {@code i}. */
    private Path log(String name, String distance, String origin, int rows) throws SQLException {
        String probability = PROBABILITY.replace("distance", "(" + distance + ")");
        write(name, "SELECT 'p' || i AS prediction_id, 'api' AS deployment, json_object('distance', " + distance + ", 'origin', " + origin
                + ") AS inputs, json_object('label', CASE WHEN " + probability + " > 0.5 THEN '1' ELSE '0' END, 'probability_1', " + probability
                + ") AS outputs FROM range(" + rows + ") t(i)");
        return folder.resolve(name);
    }

    private void write(String name, String query) throws SQLException {
        write(name, query, "SELECT 1");
    }

    /** Writes the result of {@code query}, run after {@code setUp} on the same DuckDB, to a Parquet file. */
    private void write(String name, String query, String setUp) throws SQLException {
        try (Connection duckdb = DriverManager.getConnection("jdbc:duckdb:"); Statement statement = duckdb.createStatement()) {
            statement.execute(setUp);
            statement.execute("COPY (" + query + ") TO '" + folder.resolve(name) + "' (FORMAT PARQUET)");
        }
    }
}
