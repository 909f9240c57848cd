package dev.cairn.pipeline.run;

import dev.cairn.core.artifact.LocalArtifactStore;
import dev.cairn.core.registry.ModelVersion;
import dev.cairn.core.registry.ModelVersionStatus;
import dev.cairn.core.store.MetadataStore;
import dev.cairn.core.store.TestDatabase;
import dev.cairn.data.file.TableFile;
import dev.cairn.model.frame.Frame;
import dev.cairn.model.pkg.ModelDescriptor;
import dev.cairn.model.pkg.ModelPackage;
import dev.cairn.model.testing.BreastCancerModel;
import dev.cairn.pipeline.spec.PipelineSpec;
import dev.cairn.pipeline.spec.PipelineSpecReader;
import dev.cairn.pipeline.step.FileOutput;
import dev.cairn.pipeline.step.MetricsOutput;
import dev.cairn.pipeline.step.ModelVersionOutput;
import dev.cairn.pipeline.steps.BuiltInSteps;
import dev.cairn.pipeline.store.InProcessPipelines;
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
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The flights example pipeline as shipped (dataset, sql, validate, split, train, gate, register,
 * batch-score) on a seeded slice of the flights, against real stores on SQLite and PostgreSQL.
 */
@ParameterizedClass
@EnumSource(TestDatabase.Kind.class)
class FlightsPipelineTest {
    private static final Path FLIGHTS = BreastCancerModel.exampleData().resolve("flights-3m.parquet");

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
    void runsWholeThenFromTheCacheThenOnlyDownstreamOfANewMonth() throws Exception {
        Path source = Files.createDirectories(folder.resolve("examples/data")).resolve("flights-3m.parquet");
        Path pipelineFile = Files.createDirectories(folder.resolve("examples/flights")).resolve("pipeline.yaml");
        Files.copy(BreastCancerModel.exampleData().resolveSibling("flights").resolve("pipeline.yaml"), pipelineFile);
        writeSlice(source, "2001-06-01");
        PipelineSpec spec = new PipelineSpecReader(BuiltInSteps.types()).read(pipelineFile);

        PipelineResult first = executor().run(spec, false);
        assertThat(first.steps()).allSatisfy(step -> assertThat(step.reason()).as(step.step()).isEmpty());
        assertThat(states(first).values()).containsOnly(StepState.FINISHED);
        ModelVersionOutput registered = (ModelVersionOutput) first.step("register").outputs().get("version");
        ModelVersion version = metadata.registry().getModelVersion("flights-delay", registered.version());
        assertThat(version.status()).isEqualTo(ModelVersionStatus.READY);
        // The package names the train step's run and carries its test metrics; the version's lineage starts at that run.
        String trainRun = first.step("train").runId().orElseThrow();
        ModelDescriptor descriptor = ModelPackage.read(registered.path()).descriptor();
        assertThat(descriptor.runId()).contains(trainRun);
        assertThat(descriptor.metrics()).containsKeys("roc_auc", "accuracy")
                .containsAllEntriesOf(((MetricsOutput) first.step("train").outputs().get("metrics")).values());
        assertThat(version.runId()).contains(trainRun);
        assertThat(metadata.registry().getModelVersionByAlias("flights-delay", "challenger").version()).isEqualTo(registered.version());
        assertMonitorRowsAreScored(first);

        PipelineResult second = executor().run(spec, false);
        assertThat(states(second).values()).containsOnly(StepState.CACHED);

        writeSlice(source, "2001-07-01");
        PipelineResult third = executor().run(spec, false);
        // June lands in the monitoring part only: January and February are the same bytes, so the model is not retrained.
        assertThat(states(third)).containsExactlyInAnyOrderEntriesOf(Map.of("source", StepState.FINISHED,
                "features", StepState.FINISHED, "check", StepState.FINISHED, "split", StepState.FINISHED, "train", StepState.CACHED,
                "gate", StepState.CACHED, "register", StepState.CACHED, "score", StepState.FINISHED));
        assertThat(metadata.datasets().latest("flights").version()).isEqualTo(2);
        assertMonitorRowsAreScored(third);
    }

    private void assertMonitorRowsAreScored(PipelineResult result) {
        Frame monitor = new TableFile(((FileOutput) result.step("split").outputs().get("monitor")).path()).read();
        Frame predictions = new TableFile(((FileOutput) result.step("score").outputs().get("predictions")).path()).read();
        assertThat(monitor.rowCount()).isPositive();
        assertThat(predictions.rowCount()).isEqualTo(monitor.rowCount());
        assertThat(predictions.column("probability_1")).isPresent();
    }

    /** A seeded sample of 1,000 flights a month from January up to {@code before}, in date order. */
    private static void writeSlice(Path file, String before) throws SQLException {
        try (Connection duckdb = DriverManager.getConnection("jdbc:duckdb:"); Statement statement = duckdb.createStatement()) {
            // Ranked by a hash of every column: the same rows of a month, whatever months follow.
            statement.execute("COPY (SELECT * EXCLUDE (n) FROM (SELECT *, row_number() OVER (PARTITION BY month(date)"
                    + " ORDER BY hash(date, origin, destination, delay, distance), date, origin, destination, delay, distance) AS n"
                    + " FROM read_parquet('" + FLIGHTS + "') WHERE date < DATE '" + before + "') WHERE n <= 1000 ORDER BY ALL)"
                    + " TO '" + file + "' (FORMAT PARQUET)");
        }
    }

    private PipelineExecutor executor() {
        return InProcessPipelines.executor(BuiltInSteps.types(), metadata, artifacts,
                new ExecutionSettings(2, Duration.ofMillis(1), folder.resolve("work")), event -> { });
    }

    private static Map<String, StepState> states(PipelineResult result) {
        return result.steps().stream().collect(Collectors.toMap(StepOutcome::step, StepOutcome::state));
    }
}
