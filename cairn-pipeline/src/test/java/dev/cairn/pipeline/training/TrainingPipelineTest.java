package dev.cairn.pipeline.training;

import dev.cairn.core.artifact.LocalArtifactStore;
import dev.cairn.core.dataset.DatasetPart;
import dev.cairn.core.dataset.DatasetVersion;
import dev.cairn.core.registry.ModelVersion;
import dev.cairn.core.store.MetadataStore;
import dev.cairn.core.store.TestDatabase;
import dev.cairn.model.pkg.ModelDescriptor;
import dev.cairn.model.pkg.ModelPackage;
import dev.cairn.model.testing.BreastCancerModel;
import dev.cairn.pipeline.run.ExecutionSettings;
import dev.cairn.pipeline.run.PipelineExecutor;
import dev.cairn.pipeline.run.PipelineResult;
import dev.cairn.pipeline.run.StepOutcome;
import dev.cairn.pipeline.run.StepState;
import dev.cairn.pipeline.spec.PipelineSpec;
import dev.cairn.pipeline.spec.StepSpec;
import dev.cairn.pipeline.step.MetricsOutput;
import dev.cairn.pipeline.step.ModelVersionOutput;
import dev.cairn.pipeline.steps.BuiltInSteps;
import dev.cairn.pipeline.store.InProcessPipelines;
import dev.cairn.train.spec.TrainSpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A training spec compiled to the standard pipeline and run against real stores on SQLite and
 * PostgreSQL: the steps a spec asks for, a second run all from the cache, and a registered version
 * whose package names the training run and carries its test metrics.
 */
@ParameterizedClass
@EnumSource(TestDatabase.Kind.class)
class TrainingPipelineTest {
    private static final Path FLIGHTS = BreastCancerModel.exampleData().resolve("flights-3m.parquet");
    private static final String SPEC = """
            experiment: flights-train
            seed: 7
            datasets:
              flights: {file: data/flights.parquet}
            transform:
              name: features
              sql: |
                SELECT date, CAST(hour(date) AS INTEGER) AS hour, distance, origin, CAST(delay > 15 AS INTEGER) AS late FROM flights
            validation: rules.yaml
            split:
              time:
                column: date
                parts:
                  train: {from: "2001-01-01", to: "2001-02-01"}
                  test: {from: "2001-02-01", to: "2001-03-01"}
            target: late
            positive_class: "1"
            features:
              numeric: [distance]
              one_hot: [hour, origin]
            models:
              - algorithm: logistic_regression
                search:
                  grid:
                    learning_rate: [0.05, 0.2]
            tuning: {folds: 2, parallelism: 1}
            gate:
              thresholds: {accuracy: 0.5}
            register:
              model: flights-delay
              alias: challenger
            """;

    @Parameter
    TestDatabase.Kind kind;

    @TempDir
    Path folder;

    private TestDatabase database;
    private MetadataStore metadata;
    private LocalArtifactStore artifacts;

    @BeforeEach
    void open() {
        database = TestDatabase.create(kind, folder);
        metadata = MetadataStore.open(database.storeConfig());
        artifacts = new LocalArtifactStore(folder.resolve("artifacts"));
    }

    @AfterEach
    void close() {
        metadata.close();
        database.close();
    }

    @Test
    void aSpecRunsAsThePipelineOfItsStepsThenAllFromTheCache() throws Exception {
        Path specFolder = Files.createDirectories(folder.resolve("spec"));
        writeSlice(Files.createDirectories(specFolder.resolve("data")).resolve("flights.parquet"));
        Files.writeString(specFolder.resolve("rules.yaml"), "row_count: {min: 100}\ncolumns:\n  late: {allowed: [\"0\", \"1\"]}\n");
        Path specFile = Files.writeString(specFolder.resolve("train.yaml"), SPEC);
        PipelineSpec pipeline = TrainingPipeline.compile(TrainSpec.read(specFile), "train-flights", specFolder, BuiltInSteps.types());
        assertThat(pipeline.experimentName()).isEqualTo("flights-train");
        assertThat(pipeline.steps()).extracting(StepSpec::name).containsExactly("dataset-flights", "transform", "dataset-features",
                "validate", "split", "train", "gate", "register");

        PipelineResult first = executor().run(pipeline, false);
        assertThat(first.steps()).allSatisfy(step -> assertThat(step.reason()).as(step.step()).isEmpty());
        assertThat(first.steps()).extracting(StepOutcome::state).containsOnly(StepState.FINISHED);
        // The transform's result is a dataset version of its own, and carries the split the training used.
        DatasetVersion features = metadata.datasets().latest("features");
        assertThat(features.version()).isEqualTo(1);
        assertThat(features.split()).extracting(DatasetPart::name).containsExactly("train", "test");
        assertThat(features.split()).allSatisfy(part -> assertThat(part.rowCount()).isPositive());
        assertThat(features.split().get(0).definition()).isEqualTo("date >= 2001-01-01 AND date < 2001-02-01");
        ModelVersionOutput registered = (ModelVersionOutput) first.step("register").outputs().get("version");
        ModelVersion version = metadata.registry().getModelVersionByAlias("flights-delay", "challenger");
        assertThat(version.version()).isEqualTo(registered.version());
        String trainRun = first.step("train").runId().orElseThrow();
        assertThat(version.runId()).contains(trainRun);
        ModelDescriptor descriptor = ModelPackage.read(registered.path()).descriptor();
        assertThat(descriptor.runId()).contains(trainRun);
        assertThat(descriptor.metrics()).containsKeys("accuracy", "roc_auc")
                .containsAllEntriesOf(((MetricsOutput) first.step("train").outputs().get("metrics")).values());

        PipelineResult second = executor().run(pipeline, false);
        assertThat(second.steps()).extracting(StepOutcome::state).containsOnly(StepState.CACHED);
        assertThat(metadata.registry().getModelVersionByAlias("flights-delay", "challenger").version()).isEqualTo(registered.version());
    }

    @Test
    void aGateWithAChampionScoresItOnTheTestPartEveryRun() throws Exception {
        Path specFolder = Files.createDirectories(folder.resolve("spec"));
        writeSlice(Files.createDirectories(specFolder.resolve("data")).resolve("flights.parquet"));
        Files.writeString(specFolder.resolve("rules.yaml"), "row_count: {min: 100}\n");
        Path specFile = Files.writeString(specFolder.resolve("train.yaml"), SPEC
                .replace("thresholds: {accuracy: 0.5}", "thresholds: {accuracy: 0.5}\n  champion: {metric: roc_auc, margin: 0.01}")
                .replace("alias: challenger", "alias: champion"));
        PipelineSpec pipeline = TrainingPipeline.read(specFile, BuiltInSteps.types());

        // No champion yet: the gate judges by the thresholds alone, and the first version becomes the champion.
        PipelineResult first = executor().run(pipeline, false);
        assertThat(first.steps()).allSatisfy(step -> assertThat(step.reason()).as(step.step()).isEmpty());
        assertThat(((MetricsOutput) first.step("gate").outputs().get("checks")).values()).containsOnlyKeys("checks");

        // The same candidate meets itself as the champion: the gate runs again, the rest is cached.
        PipelineResult second = executor().run(pipeline, false);
        assertThat(second.step("gate").state()).as(second.step("gate").reason().orElse("")).isEqualTo(StepState.FINISHED);
        assertThat(second.steps().stream().filter(step -> !step.step().equals("gate"))).extracting(StepOutcome::state)
                .containsOnly(StepState.CACHED);
        double candidate = ((MetricsOutput) first.step("train").outputs().get("metrics")).values().get("roc_auc");
        assertThat(((MetricsOutput) second.step("gate").outputs().get("checks")).values()).containsEntry("champion_roc_auc", candidate);
    }

    @Test
    void aJdbcSourceIsReadEveryRunAndWhatFollowsIsCachedByItsRows() throws Exception {
        // Not a DuckDB source: the snapshot opens the source read-only, which DuckDB refuses.
        Path specFolder = Files.createDirectories(folder.resolve("spec"));
        Path csv = folder.resolve("flights.csv");
        try (Connection duckdb = DriverManager.getConnection("jdbc:duckdb:"); Statement statement = duckdb.createStatement()) {
            statement.execute("COPY (SELECT * FROM read_parquet('" + writeSlice(folder.resolve("flights.parquet")) + "')) TO '" + csv + "' (HEADER)");
        }
        // An in-memory database that lives as long as this connection: the source the dataset step queries.
        String url = "jdbc:h2:mem:flights_" + kind.name().toLowerCase() + ";DB_CLOSE_DELAY=0";
        try (Connection h2 = DriverManager.getConnection(url); Statement statement = h2.createStatement()) {
            // CSVREAD names the columns in upper case; the spec's SQL reads them in lower case.
            statement.execute("CREATE TABLE flights AS SELECT CAST(\"DATE\" AS TIMESTAMP) AS \"date\", CAST(\"DELAY\" AS DOUBLE) AS \"delay\","
                    + " CAST(\"DISTANCE\" AS INT) AS \"distance\", \"ORIGIN\" AS \"origin\", \"DESTINATION\" AS \"destination\""
                    + " FROM CSVREAD('" + csv + "')");
            Files.writeString(specFolder.resolve("rules.yaml"), "row_count: {min: 100}\n");
            Path specFile = Files.writeString(specFolder.resolve("train.yaml"), SPEC.replace("flights: {file: data/flights.parquet}",
                    "flights:\n    jdbc: {url: \"" + url + "\", query: SELECT * FROM flights, password_env: NO_SUCH_VARIABLE}"));
            PipelineSpec pipeline = TrainingPipeline.read(specFile, BuiltInSteps.types());
            assertThat(pipeline.name()).isEqualTo("train-flights-train");

            PipelineResult first = executor().run(pipeline, false);
            assertThat(first.steps()).allSatisfy(step -> assertThat(step.reason()).as(step.step()).isEmpty());
            assertThat(metadata.datasets().latest("flights")).satisfies(flights -> {
                assertThat(flights.sourceType()).isEqualTo("jdbc");
                assertThat(flights.source()).endsWith(":: SELECT * FROM flights");
            });
            PipelineResult second = executor().run(pipeline, false);
            assertThat(second.step("dataset-flights").state()).isEqualTo(StepState.FINISHED);
            assertThat(second.steps().stream().filter(step -> !step.step().equals("dataset-flights")))
                    .extracting(StepOutcome::state).containsOnly(StepState.CACHED);
        }
    }

    /** Writes a seeded sample of 1,000 flights a month in January and February to {@code file}. */
    private static Path writeSlice(Path file) throws SQLException {
        try (Connection duckdb = DriverManager.getConnection("jdbc:duckdb:"); Statement statement = duckdb.createStatement()) {
            statement.execute("COPY (SELECT * EXCLUDE (n) FROM (SELECT *, row_number() OVER (PARTITION BY month(date)"
                    + " ORDER BY hash(date, origin, destination, delay, distance), date, origin, destination, delay, distance) AS n"
                    + " FROM read_parquet('" + FLIGHTS + "') WHERE date < DATE '2001-03-01') WHERE n <= 1000 ORDER BY ALL)"
                    + " TO '" + file + "' (FORMAT PARQUET)");
        }
        return file;
    }

    private PipelineExecutor executor() {
        return InProcessPipelines.executor(BuiltInSteps.types(), metadata, artifacts,
                new ExecutionSettings(2, Duration.ofMillis(1), folder.resolve("work")), event -> { });
    }
}
