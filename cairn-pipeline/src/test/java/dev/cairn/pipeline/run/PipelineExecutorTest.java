package dev.cairn.pipeline.run;

import dev.cairn.core.artifact.ArtifactPath;
import dev.cairn.core.artifact.ArtifactSources;
import dev.cairn.core.artifact.LocalArtifactStore;
import dev.cairn.core.registry.ModelRegistrar;
import dev.cairn.core.store.MetadataStore;
import dev.cairn.core.store.TestDatabase;
import dev.cairn.core.tracking.Run;
import dev.cairn.core.tracking.RunStatus;
import dev.cairn.core.tracking.Tag;
import dev.cairn.data.file.TableFile;
import dev.cairn.model.registry.SourceFilesValidator;
import dev.cairn.pipeline.spec.PipelineSpec;
import dev.cairn.pipeline.spec.PipelineSpecReader;
import dev.cairn.pipeline.step.FileOutput;
import dev.cairn.pipeline.step.MetricsOutput;
import dev.cairn.pipeline.step.ModelVersionRegistrar;
import dev.cairn.pipeline.step.Step;
import dev.cairn.pipeline.step.StepTypes;
import dev.cairn.pipeline.steps.BuiltInSteps;
import dev.cairn.pipeline.store.StoreDatasetRegistrar;
import dev.cairn.pipeline.store.StoreModelVersionRegistrar;
import dev.cairn.pipeline.store.StorePipelineTracking;
import dev.cairn.pipeline.testing.FunctionStep;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** Pipelines run against real stores on SQLite and PostgreSQL. */
@ParameterizedClass
@EnumSource(TestDatabase.Kind.class)
class PipelineExecutorTest {
    /** Two sources: flights feeds features, a check and a time split; airports feeds its own SQL step. */
    private static final String FLIGHTS_PIPELINE = """
            name: flights
            steps:
              flights:
                type: dataset
                params: {name: flights, path: flights.csv}
              airports:
                type: dataset
                params: {name: airports, path: airports.csv}
              features:
                type: sql
                inputs:
                  flights: ${steps.flights.outputs.dataset}
                params:
                  sql: SELECT date, origin, delay, delay > 15 AS late FROM flights ORDER BY date, origin
              check:
                type: validate
                inputs:
                  table: ${steps.features.outputs.table}
                params:
                  rules: {row_count: {min: 4}, columns: {delay: {type: number, min: 0}}}
              parts:
                type: split
                inputs:
                  table: ${steps.check.outputs.table}
                params:
                  column: date
                  parts:
                    train: {from: 2024-01-01, to: 2024-02-01}
                    test: {from: 2024-02-01, to: 2024-03-01}
              hubs:
                type: sql
                inputs:
                  airports: ${steps.airports.outputs.dataset}
                params: {sql: SELECT code FROM airports WHERE hub}
            """;

    @Parameter
    TestDatabase.Kind kind;

    @TempDir
    Path folder;

    private TestDatabase database;
    private MetadataStore metadata;
    private LocalArtifactStore artifacts;
    private final ConcurrentLinkedQueue<StepEvent> events = new ConcurrentLinkedQueue<>();

    @BeforeEach
    void open() throws IOException {
        database = TestDatabase.create(kind, folder);
        metadata = MetadataStore.open(database.storeConfig());
        artifacts = new LocalArtifactStore(folder.resolve("artifacts"));
        Files.writeString(folder.resolve("flights.csv"), """
                date,origin,delay
                2024-01-03,JFK,5
                2024-01-20,SFO,30
                2024-02-02,JFK,0
                2024-02-14,ORD,45
                """);
        Files.writeString(folder.resolve("airports.csv"), "code,hub\nJFK,true\nITH,false\n");
    }

    @AfterEach
    void close() {
        metadata.close();
        database.close();
    }

    @Test
    void aSecondRunIsAllCachedAndNewRowsRerunOnlyWhatIsDownstreamOfThem() throws IOException {
        PipelineSpec spec = spec(FLIGHTS_PIPELINE, BuiltInSteps.types());
        PipelineResult first = executor(BuiltInSteps.types()).run(spec, false);
        assertThat(first.steps()).allSatisfy(step -> assertThat(step.reason()).as(step.step()).isEmpty());
        assertThat(states(first).values()).containsOnly(StepState.FINISHED);
        FileOutput train = (FileOutput) first.step("parts").outputs().get("train");
        assertThat(new TableFile(train.path()).read().rowCount()).isEqualTo(2);
        Run pipelineRun = metadata.tracking().getRun(first.runId());
        assertThat(pipelineRun.info().status()).isEqualTo(RunStatus.FINISHED);
        Run featuresRun = metadata.tracking().getRun(first.step("features").runId().orElseThrow());
        assertThat(tags(featuresRun)).containsEntry(PipelineTags.PARENT_RUN, first.runId()).containsKey(PipelineTags.CACHE_KEY)
                .containsEntry(PipelineTags.STATE, "RAN");
        assertThat(featuresRun.params()).extracting(p -> p.key()).containsExactly("sql");
        assertThat(artifacts.stat(ArtifactPath.ofProxiedUri(featuresRun.info().artifactUri()).resolve("logs/features.log"))).isPresent();
        assertThat(metadata.datasets().latest("flights").version()).isEqualTo(1);

        PipelineResult second = executor(BuiltInSteps.types()).run(spec, false);
        assertThat(states(second).values()).containsOnly(StepState.CACHED);
        assertThat(tags(metadata.tracking().getRun(second.step("parts").runId().orElseThrow())))
                .containsEntry(PipelineTags.CACHED_FROM, first.step("parts").runId().orElseThrow());

        Files.writeString(folder.resolve("flights.csv"), "2024-02-20,SFO,20\n", StandardOpenOption.APPEND);
        events.clear();
        PipelineResult third = executor(BuiltInSteps.types()).run(spec, false);
        assertThat(states(third)).containsExactlyInAnyOrderEntriesOf(Map.of("flights", StepState.FINISHED, "features", StepState.FINISHED,
                "check", StepState.FINISHED, "parts", StepState.FINISHED, "airports", StepState.CACHED, "hubs", StepState.CACHED));
        assertThat(metadata.datasets().latest("flights").version()).isEqualTo(2);
        FileOutput test = (FileOutput) third.step("parts").outputs().get("test");
        assertThat(new TableFile(test.path()).read().rowCount()).isEqualTo(3);

        PipelineResult forced = executor(BuiltInSteps.types()).run(spec, true);
        assertThat(states(forced).values()).containsOnly(StepState.FINISHED);
        assertThat(metadata.datasets().latest("flights").version()).isEqualTo(2);
    }

    @Test
    void aStepThatFailsTwiceSucceedsOnItsThirdAttempt() {
        AtomicInteger calls = new AtomicInteger();
        StepTypes types = BuiltInSteps.types(List.of(new FunctionStep("flaky", context -> {
            if (calls.incrementAndGet() <= 2) {
                throw new IllegalStateException("flaky failure " + calls.get());
            }
            return 1.0;
        })));
        PipelineResult result = executor(types).run(spec("""
                name: retrying
                steps:
                  flaky:
                    type: flaky
                    retries: 2
                """, types), false);
        assertThat(result.succeeded()).isTrue();
        assertThat(calls).hasValue(3);
        assertThat(events).filteredOn(StepEvent.Retrying.class::isInstance).extracting(e -> ((StepEvent.Retrying) e).delay())
                .containsExactly(Duration.ofMillis(1), Duration.ofMillis(2));
        assertThat(tags(metadata.tracking().getRun(result.step("flaky").runId().orElseThrow()))).containsEntry(PipelineTags.ATTEMPTS, "3");
    }

    @Test
    void aFailedStepFailsTheRunAndItsDownstreamStepsDoNotRun() {
        AtomicInteger downstreamCalls = new AtomicInteger();
        StepTypes types = BuiltInSteps.types(List.of(new FunctionStep("broken", context -> {
            throw new IllegalStateException("the source is down");
        }), new FunctionStep("after", context -> (double) downstreamCalls.incrementAndGet())));
        PipelineResult result = executor(types).run(spec("""
                name: failing
                steps:
                  broken:
                    type: broken
                    retries: 1
                  after:
                    type: after
                    cache: false
                    inputs:
                      upstream: ${steps.broken.outputs.result}
                """, types), false);
        assertThat(result.succeeded()).isFalse();
        assertThat(result.step("broken").state()).isEqualTo(StepState.FAILED);
        assertThat(result.step("broken").reason()).hasValue("the source is down");
        assertThat(result.step("after").state()).isEqualTo(StepState.CANCELLED);
        assertThat(downstreamCalls).hasValue(0);
        assertThat(metadata.tracking().getRun(result.runId()).info().status()).isEqualTo(RunStatus.FAILED);
        Run brokenRun = metadata.tracking().getRun(result.step("broken").runId().orElseThrow());
        assertThat(brokenRun.info().status()).isEqualTo(RunStatus.FAILED);
        assertThat(tags(brokenRun)).containsEntry(PipelineTags.ERROR, "the source is down").containsEntry(PipelineTags.ATTEMPTS, "2");
    }

    @Test
    void independentStepsRunAtTheSameTime() {
        CountDownLatch bothStarted = new CountDownLatch(2);
        Step meeting = new FunctionStep("meeting", context -> {
            bothStarted.countDown();
            try {
                // Each step waits for the other: this only returns true if they overlap.
                return bothStarted.await(30, TimeUnit.SECONDS) ? 1.0 : 0.0;
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        StepTypes types = BuiltInSteps.types(List.of(meeting));
        PipelineResult result = executor(types).run(spec("""
                name: parallel
                steps:
                  left: {type: meeting}
                  right: {type: meeting}
                """, types), false);
        assertThat(result.succeeded()).isTrue();
        assertThat(result.steps()).allSatisfy(step -> assertThat(step.outputs().get("result").digest())
                .isEqualTo(new MetricsOutput(Map.of("value", 1.0)).digest()));
    }

    private PipelineSpec spec(String yaml, StepTypes types) {
        return new PipelineSpecReader(types).read(yaml, folder);
    }

    private PipelineExecutor executor(StepTypes types) {
        return new PipelineExecutor(types, new StorePipelineTracking(metadata.tracking(), artifacts),
                new StoreDatasetRegistrar(metadata.datasets(), artifacts), registrar(),
                new ExecutionSettings(2, Duration.ofMillis(1), folder.resolve("work")), events::add);
    }

    private ModelVersionRegistrar registrar() {
        ModelRegistrar registrar = new ModelRegistrar(metadata.registry(),
                new SourceFilesValidator(artifacts, new ArtifactSources(metadata.tracking())));
        return new StoreModelVersionRegistrar(metadata.registry(), registrar, artifacts);
    }

    private static Map<String, StepState> states(PipelineResult result) {
        return result.steps().stream().collect(Collectors.toMap(StepOutcome::step, StepOutcome::state));
    }

    private static Map<String, String> tags(Run run) {
        return run.tags().stream().collect(Collectors.toMap(Tag::key, Tag::value));
    }
}
