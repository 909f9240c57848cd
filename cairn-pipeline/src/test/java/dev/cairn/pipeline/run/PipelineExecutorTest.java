package dev.cairn.pipeline.run;

import dev.cairn.core.artifact.ArtifactPath;
import dev.cairn.core.artifact.LocalArtifactStore;
import dev.cairn.core.error.CairnException;
import dev.cairn.core.error.ErrorCode;
import dev.cairn.core.store.MetadataStore;
import dev.cairn.core.store.TestDatabase;
import dev.cairn.core.tracking.Run;
import dev.cairn.core.tracking.RunStatus;
import dev.cairn.core.tracking.Tag;
import dev.cairn.data.file.TableFile;
import dev.cairn.pipeline.spec.PipelineSpec;
import dev.cairn.pipeline.spec.PipelineSpecReader;
import dev.cairn.pipeline.step.FileOutput;
import dev.cairn.pipeline.step.MetricsOutput;
import dev.cairn.pipeline.step.Step;
import dev.cairn.pipeline.step.StepTypes;
import dev.cairn.pipeline.steps.BuiltInSteps;
import dev.cairn.pipeline.store.InProcessPipelines;
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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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

    @Test
    void aResumedRunRerunsTheFailedStepAndReusesWhatSucceededEvenUncachedAndForced() {
        AtomicInteger sourceCalls = new AtomicInteger();
        AtomicInteger middleCalls = new AtomicInteger();
        AtomicInteger lastCalls = new AtomicInteger();
        AtomicBoolean broken = new AtomicBoolean(true);
        StepTypes types = BuiltInSteps.types(List.of(new FunctionStep("source", context -> (double) sourceCalls.incrementAndGet()),
                new FunctionStep("middle", context -> {
                    middleCalls.incrementAndGet();
                    if (broken.get()) {
                        throw new IllegalStateException("the worker ran out of memory");
                    }
                    return 2.0;
                }), new FunctionStep("last", context -> (double) lastCalls.incrementAndGet())));
        PipelineSpec spec = spec("""
                name: resumable
                steps:
                  source:
                    type: source
                    cache: false
                  middle:
                    type: middle
                    inputs:
                      upstream: ${steps.source.outputs.result}
                  last:
                    type: last
                    inputs:
                      upstream: ${steps.middle.outputs.result}
                """, types);
        PipelineResult failed = executor(types).run(spec, false);
        assertThat(states(failed)).containsExactlyInAnyOrderEntriesOf(Map.of("source", StepState.FINISHED, "middle", StepState.FAILED,
                "last", StepState.CANCELLED));

        broken.set(false);
        PipelineResult resumed = executor(types).run(spec, RunOptions.defaults().withForce(true).resumingFrom(failed.runId()));
        assertThat(states(resumed)).containsExactlyInAnyOrderEntriesOf(Map.of("source", StepState.CACHED, "middle", StepState.FINISHED,
                "last", StepState.FINISHED));
        assertThat(List.of(sourceCalls.get(), middleCalls.get(), lastCalls.get())).containsExactly(1, 2, 1);
        assertThat(tags(metadata.tracking().getRun(resumed.step("source").runId().orElseThrow())))
                .containsEntry(PipelineTags.CACHED_FROM, failed.step("source").runId().orElseThrow());
        Run resumedRun = metadata.tracking().getRun(resumed.runId());
        assertThat(resumedRun.info().status()).isEqualTo(RunStatus.FINISHED);
        assertThat(tags(resumedRun)).containsEntry(PipelineTags.RESUMED_FROM, failed.runId());
    }

    @Test
    void aResumedRunRerunsWhatIsDownstreamOfChangedInputs() throws IOException {
        Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
        AtomicBoolean broken = new AtomicBoolean(true);
        StepTypes types = BuiltInSteps.types(List.of(new FunctionStep("counted", context -> {
            calls.computeIfAbsent(context.step(), name -> new AtomicInteger()).incrementAndGet();
            return 1.0;
        }), new FunctionStep("joined", context -> {
            if (broken.get()) {
                throw new IllegalStateException("the join ran out of disk");
            }
            return 1.0;
        })));
        PipelineSpec spec = spec("""
                name: changing
                steps:
                  flights:
                    type: dataset
                    params: {name: flights, path: flights.csv}
                  airports:
                    type: dataset
                    params: {name: airports, path: airports.csv}
                  per_flight:
                    type: counted
                    cache: false
                    inputs:
                      table: ${steps.flights.outputs.dataset}
                  per_airport:
                    type: counted
                    cache: false
                    inputs:
                      table: ${steps.airports.outputs.dataset}
                  joined:
                    type: joined
                    inputs:
                      flights: ${steps.per_flight.outputs.result}
                      airports: ${steps.per_airport.outputs.result}
                """, types);
        PipelineResult failed = executor(types).run(spec, false);
        assertThat(failed.step("joined").state()).isEqualTo(StepState.FAILED);

        Files.writeString(folder.resolve("flights.csv"), "2024-02-20,SFO,20\n", StandardOpenOption.APPEND);
        broken.set(false);
        PipelineResult resumed = executor(types).run(spec, RunOptions.defaults().resumingFrom(failed.runId()));
        assertThat(states(resumed)).containsExactlyInAnyOrderEntriesOf(Map.of("flights", StepState.FINISHED, "per_flight", StepState.FINISHED,
                "airports", StepState.CACHED, "per_airport", StepState.CACHED, "joined", StepState.FINISHED));
        assertThat(calls.get("per_flight")).hasValue(2);
        assertThat(calls.get("per_airport")).hasValue(1);
    }

    @Test
    void resumingARunWhoseWorkerDiedEndsWhatItLeftRunning() {
        StepTypes types = BuiltInSteps.types(List.of(new FunctionStep("one", context -> 1.0)));
        PipelineSpec spec = spec("""
                name: orphaned
                steps:
                  only: {type: one}
                """, types);
        StorePipelineTracking tracking = new StorePipelineTracking(metadata.tracking(), artifacts);
        String experimentId = tracking.experimentId(spec.experimentName());
        String deadRun = tracking.startRun(experimentId, "orphaned", Map.of(PipelineTags.PIPELINE, "orphaned"));
        String deadStep = tracking.startRun(experimentId, "only", Map.of(PipelineTags.PARENT_RUN, deadRun, PipelineTags.PIPELINE, "orphaned",
                PipelineTags.STEP, "only"));

        PipelineResult resumed = executor(types).run(spec, RunOptions.defaults().resumingFrom(deadRun));
        assertThat(resumed.step("only").state()).isEqualTo(StepState.FINISHED);
        assertThat(metadata.tracking().getRun(deadRun).info().status()).isEqualTo(RunStatus.KILLED);
        assertThat(metadata.tracking().getRun(deadStep).info().status()).isEqualTo(RunStatus.KILLED);
    }

    @Test
    void onlyAnExistingRunOfTheSamePipelineCanBeResumed() {
        StepTypes types = BuiltInSteps.types(List.of(new FunctionStep("one", context -> 1.0)));
        PipelineResult other = executor(types).run(spec("""
                name: other
                steps:
                  only: {type: one}
                """, types), false);
        PipelineSpec spec = spec("""
                name: mine
                steps:
                  only: {type: one}
                """, types);
        assertThatThrownBy(() -> executor(types).run(spec, RunOptions.defaults().resumingFrom(other.runId())))
                .isInstanceOf(CairnException.class).hasMessageContaining("not a run of pipeline 'mine'")
                .satisfies(e -> assertThat(((CairnException) e).code()).isEqualTo(ErrorCode.INVALID_PARAMETER_VALUE));
        assertThatThrownBy(() -> executor(types).run(spec, RunOptions.defaults().resumingFrom(other.step("only").runId().orElseThrow())))
                .isInstanceOf(CairnException.class)
                .satisfies(e -> assertThat(((CairnException) e).code()).isEqualTo(ErrorCode.INVALID_PARAMETER_VALUE));
        assertThatThrownBy(() -> executor(types).run(spec, RunOptions.defaults().resumingFrom("0123456789abcdef0123456789abcdef")))
                .isInstanceOf(CairnException.class)
                .satisfies(e -> assertThat(((CairnException) e).code()).isEqualTo(ErrorCode.RESOURCE_DOES_NOT_EXIST));
    }

    @Test
    void cancellingInterruptsTheRunningStepAndCancelsTheRest() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch never = new CountDownLatch(1);
        AtomicBoolean interrupted = new AtomicBoolean();
        AtomicInteger downstreamCalls = new AtomicInteger();
        StepTypes types = BuiltInSteps.types(List.of(new FunctionStep("blocking", context -> {
            started.countDown();
            try {
                never.await(60, TimeUnit.SECONDS);
                return 1.0;
            } catch (InterruptedException e) {
                interrupted.set(true);
                throw new IllegalStateException("interrupted", e);
            }
        }), new FunctionStep("after", context -> (double) downstreamCalls.incrementAndGet())));
        PipelineSpec spec = spec("""
                name: cancelled
                steps:
                  slow:
                    type: blocking
                    retries: 3
                  after:
                    type: after
                    inputs:
                      upstream: ${steps.slow.outputs.result}
                """, types);
        PipelineCancellation cancellation = new PipelineCancellation();
        RunOptions options = RunOptions.defaults().withCancellation(cancellation).withTags(Map.of("cairn.scheduler.request", "request-7"));
        CompletableFuture<PipelineResult> running = CompletableFuture.supplyAsync(() -> executor(types).run(spec, options));
        assertThat(started.await(30, TimeUnit.SECONDS)).isTrue();
        cancellation.cancel("stopped by a test");

        PipelineResult result = running.get(30, TimeUnit.SECONDS);
        assertThat(interrupted).isTrue();
        assertThat(result.cancelled()).isTrue();
        assertThat(result.step("slow").state()).isEqualTo(StepState.KILLED);
        assertThat(result.step("slow").reason()).hasValue("cancelled: stopped by a test");
        assertThat(result.step("after").state()).isEqualTo(StepState.CANCELLED);
        assertThat(downstreamCalls).hasValue(0);
        Run pipelineRun = metadata.tracking().getRun(result.runId());
        assertThat(pipelineRun.info().status()).isEqualTo(RunStatus.KILLED);
        assertThat(tags(pipelineRun)).containsEntry("cairn.scheduler.request", "request-7");
        Run slowRun = metadata.tracking().getRun(result.step("slow").runId().orElseThrow());
        assertThat(slowRun.info().status()).isEqualTo(RunStatus.KILLED);
        assertThat(tags(slowRun)).containsEntry(PipelineTags.ERROR, "cancelled: stopped by a test").containsEntry(PipelineTags.ATTEMPTS, "1")
                .containsEntry(PipelineTags.STATE, "KILLED");
    }

    @Test
    void cancellingDuringARetryWaitEndsTheWait() throws Exception {
        CountDownLatch retrying = new CountDownLatch(1);
        StepTypes types = BuiltInSteps.types(List.of(new FunctionStep("broken", context -> {
            throw new IllegalStateException("the source is down");
        })));
        PipelineSpec spec = spec("""
                name: waiting
                steps:
                  broken:
                    type: broken
                    retries: 2
                """, types);
        // A retry an hour away: the run only ends in time if the cancel interrupts the wait.
        PipelineExecutor executor = InProcessPipelines.executor(types, metadata, artifacts,
                new ExecutionSettings(2, Duration.ofHours(1), folder.resolve("work")), event -> {
                    if (event instanceof StepEvent.Retrying) {
                        retrying.countDown();
                    }
                });
        PipelineCancellation cancellation = new PipelineCancellation();
        CompletableFuture<PipelineResult> running = CompletableFuture.supplyAsync(
                () -> executor.run(spec, RunOptions.defaults().withCancellation(cancellation)));
        assertThat(retrying.await(30, TimeUnit.SECONDS)).isTrue();
        cancellation.cancel("stopped by a test");

        PipelineResult result = running.get(30, TimeUnit.SECONDS);
        assertThat(result.cancelled()).isTrue();
        assertThat(result.step("broken").state()).isEqualTo(StepState.KILLED);
        assertThat(metadata.tracking().getRun(result.runId()).info().status()).isEqualTo(RunStatus.KILLED);
        Run brokenRun = metadata.tracking().getRun(result.step("broken").runId().orElseThrow());
        assertThat(brokenRun.info().status()).isEqualTo(RunStatus.KILLED);
        assertThat(tags(brokenRun)).containsEntry(PipelineTags.ATTEMPTS, "1");
    }

    private PipelineSpec spec(String yaml, StepTypes types) {
        return new PipelineSpecReader(types).read(yaml, folder);
    }

    private PipelineExecutor executor(StepTypes types) {
        return InProcessPipelines.executor(types, metadata, artifacts,
                new ExecutionSettings(2, Duration.ofMillis(1), folder.resolve("work")), events::add);
    }

    private static Map<String, StepState> states(PipelineResult result) {
        return result.steps().stream().collect(Collectors.toMap(StepOutcome::step, StepOutcome::state));
    }

    private static Map<String, String> tags(Run run) {
        return run.tags().stream().collect(Collectors.toMap(Tag::key, Tag::value));
    }
}
