package dev.cairn.pipeline.schedule;

import dev.cairn.core.artifact.LocalArtifactStore;
import dev.cairn.core.error.CairnException;
import dev.cairn.core.pipeline.ConcurrencyPolicy;
import dev.cairn.core.pipeline.NewPipeline;
import dev.cairn.core.pipeline.PipelineRun;
import dev.cairn.core.pipeline.PipelineRunState;
import dev.cairn.core.pipeline.PipelineSchedule;
import dev.cairn.core.pipeline.RunRequest;
import dev.cairn.core.pipeline.TriggerKind;
import dev.cairn.core.store.MetadataStore;
import dev.cairn.core.store.TestDatabase;
import dev.cairn.pipeline.run.ExecutionSettings;
import dev.cairn.pipeline.run.PipelineExecutor;
import dev.cairn.pipeline.spec.PipelineSpecReader;
import dev.cairn.pipeline.step.StepTypes;
import dev.cairn.pipeline.steps.BuiltInSteps;
import dev.cairn.pipeline.store.InProcessPipelines;
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
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Stored pipelines run by the scheduler on db-scheduler, on SQLite and PostgreSQL: triggers, policies, schedules, cancel, resume. */
@ParameterizedClass
@EnumSource(TestDatabase.Kind.class)
class PipelineSchedulerTest {
    private static final String GATED = """
            name: gated
            steps:
              first: {type: gate-keeper}
              second:
                type: counted
                cache: false
                inputs:
                  upstream: ${steps.first.outputs.result}
            """;

    @TempDir
    Path folder;

    @Parameter
    TestDatabase.Kind kind;

    private TestDatabase database;
    private MetadataStore metadata;
    private LocalArtifactStore artifacts;
    private PipelineScheduler scheduler;
    /** While closed, the gate-keeper step blocks: a run is then "running" for as long as a test needs. */
    private volatile CountDownLatch gate = new CountDownLatch(0);
    private final AtomicInteger running = new AtomicInteger();
    private final AtomicInteger mostAtOnce = new AtomicInteger();
    private final AtomicInteger counted = new AtomicInteger();
    private final AtomicReference<String> failWith = new AtomicReference<>();
    /** The labels the counted step was given, in the order it ran. */
    private final List<String> labels = Collections.synchronizedList(new ArrayList<>());
    /** The test's time: it passes as real time does, from a start a test may move. */
    private final AtomicReference<Instant> start = new AtomicReference<>(Instant.parse("2026-06-01T00:00:00Z"));
    private final long startNanos = System.nanoTime();

    @BeforeEach
    void open() {
        database = TestDatabase.create(kind, folder);
        metadata = MetadataStore.open(database.storeConfig());
        artifacts = new LocalArtifactStore(folder.resolve("artifacts"));
    }

    @AfterEach
    void close() {
        gate.countDown();
        if (scheduler != null) {
            scheduler.close();
        }
        metadata.close();
        database.close();
    }

    @Test
    void aBurstOfTriggersDuringARunUnderQueueRunsEachOnceOneAfterAnother() {
        start(ConcurrencyPolicy.QUEUE, 4);
        List<PipelineRun> burst = burstDuringARun();
        assertThat(burst).extracting(PipelineRun::state).containsOnly(PipelineRunState.QUEUED);
        gate.countDown();
        List<PipelineRun> runs = awaitAllOver(11);
        assertThat(runs).extracting(PipelineRun::state).containsOnly(PipelineRunState.SUCCEEDED);
        assertThat(mostAtOnce).as("runs never overlap").hasValue(1);
        assertThat(counted).as("each request ran its uncached step once").hasValue(11);
        List<PipelineRun> oldestFirst = new ArrayList<>(runs);
        Collections.reverse(oldestFirst);
        for (int i = 1; i < oldestFirst.size(); i++) {
            assertThat(oldestFirst.get(i).startTime().getAsLong()).as("started in request order, after the previous ended")
                    .isGreaterThanOrEqualTo(oldestFirst.get(i - 1).endTime().getAsLong());
        }
    }

    @Test
    void aBurstOfTriggersDuringARunUnderSkipIsRecordedAndNeverRuns() {
        start(ConcurrencyPolicy.SKIP, 4);
        List<PipelineRun> burst = burstDuringARun();
        assertThat(burst).extracting(PipelineRun::state).containsOnly(PipelineRunState.SKIPPED);
        gate.countDown();
        List<PipelineRun> runs = awaitAllOver(11);
        assertThat(runs.stream().filter(run -> run.state() == PipelineRunState.SUCCEEDED)).hasSize(1);
        assertThat(counted).hasValue(1);
    }

    @Test
    void aBurstOfTriggersDuringARunUnderParallelRunsThemAllAtOnce() {
        start(ConcurrencyPolicy.PARALLEL, 4);
        List<PipelineRun> burst = burstDuringARun();
        assertThat(burst).extracting(PipelineRun::state).containsOnly(PipelineRunState.QUEUED);
        await("four runs at once, as many as the worker has threads", () -> running.get() == 4);
        gate.countDown();
        assertThat(awaitAllOver(11)).extracting(PipelineRun::state).containsOnly(PipelineRunState.SUCCEEDED);
        assertThat(mostAtOnce).hasValue(4);
        assertThat(counted).hasValue(11);
    }

    @Test
    void aScheduleFiresAtItsTimeInItsZoneAndOnlyThen() {
        start(ConcurrencyPolicy.QUEUE, 2);
        scheduler.schedule("gated", Optional.of(PipelineSchedule.of("30 2 * * *", "Europe/Paris")));
        // 02:30 in Paris in June (UTC+2) is 00:30 UTC.
        assertThat(scheduler.nextFire("gated")).hasValue(Instant.parse("2026-06-01T00:30:00Z"));
        scheduler.checkForDueWork();
        assertThat(metadata.pipelines().runs("gated", 10)).as("nothing is due at midnight").isEmpty();

        moveTo(Instant.parse("2026-06-01T00:30:01Z"));
        scheduler.checkForDueWork();
        List<PipelineRun> runs = awaitAllOver(1);
        assertThat(runs.get(0).trigger()).isEqualTo(TriggerKind.SCHEDULE);
        assertThat(runs.get(0).triggerDetail()).contains("0 30 2 * * *").contains("Europe/Paris");
        assertThat(scheduler.nextFire("gated")).hasValue(Instant.parse("2026-06-02T00:30:00Z"));
        scheduler.checkForDueWork();
        assertThat(awaitAllOver(1)).as("the firing rescheduled itself to the next day; it does not fire again now").hasSize(1);
        moveTo(Instant.parse("2026-06-02T00:30:01Z"));
        scheduler.checkForDueWork();
        assertThat(awaitAllOver(2)).extracting(PipelineRun::trigger).containsOnly(TriggerKind.SCHEDULE);

        // In winter Paris is UTC+1.
        moveTo(Instant.parse("2026-12-01T12:00:00Z"));
        assertThat(scheduler.nextFire("gated")).hasValue(Instant.parse("2026-12-02T01:30:00Z"));
        scheduler.schedule("gated", Optional.empty());
        assertThat(metadata.pipelines().get("gated").schedule()).isEmpty();
        assertThat(scheduler.nextFire("gated")).isEmpty();
    }

    @Test
    void aJobFiresAtItsDueTimesOnlyOnSchedulersThatDeclareItsKind() throws InterruptedException {
        // The test's scheduler declares no job kind, as a `cairn worker` declares none of the server's.
        start(ConcurrencyPolicy.QUEUE, 1);
        List<String> fired = new CopyOnWriteArrayList<>();
        Instant due = Instant.parse("2026-06-01T00:10:00Z");
        try (PipelineScheduler server = scheduler("test-server", 1, Set.of("test-job"))) {
            server.handle("test-job", (id, dueTime) -> {
                fired.add(id + "@" + dueTime);
                return fired.size() < 2 ? Optional.of(dueTime.plusSeconds(60)) : Optional.empty();
            });
            server.scheduleJob("test-job", "api", due);
            assertThat(server.nextJobFire("test-job", "api")).hasValue(due);
            moveTo(due.plusSeconds(1));
            scheduler.checkForDueWork();
            Thread.sleep(1_000);
            assertThat(fired).as("a scheduler that does not know the kind leaves the job to those that do").isEmpty();
            assertThat(server.nextJobFire("test-job", "api")).as("and does not delete it").hasValue(due);

            server.start();
            await("the job fired", () -> fired.size() == 1);
            assertThat(fired).containsExactly("api@" + due);
            await("the job rescheduled itself", () -> server.nextJobFire("test-job", "api").isPresent());
            assertThat(server.nextJobFire("test-job", "api")).hasValue(due.plusSeconds(60));
            moveTo(due.plusSeconds(61));
            server.checkForDueWork();
            await("the job fired again and answered no next time", () -> fired.size() == 2 && server.nextJobFire("test-job", "api").isEmpty());
            assertThat(fired).containsExactly("api@" + due, "api@" + due.plusSeconds(60));

            server.scheduleJob("test-job", "later", due.plusSeconds(3_600));
            server.scheduleJob("test-job", "later", due.plusSeconds(7_200));
            assertThat(server.nextJobFire("test-job", "later")).as("scheduling again moves the time").hasValue(due.plusSeconds(7_200));
            server.cancelJob("test-job", "later");
            assertThat(server.nextJobFire("test-job", "later")).isEmpty();
            assertThatThrownBy(() -> server.scheduleJob("undeclared", "x", due)).hasMessageContaining("was not declared");
        }
    }

    @Test
    void aRequestedRunWhoseTaskWasLostIsGivenOneByTheSweep() {
        start(ConcurrencyPolicy.QUEUE, 1);
        // Stored without a task, as after a crash between the request's commit and the task's insert. Only a sweep gives it one:
        // this one, or the scheduler's own at start if that comes later than the request.
        PipelineRun stranded = metadata.pipelines().request("gated", RunRequest.of(TriggerKind.API, "stranded"));
        assertThat(scheduler.sweep()).isBetween(0, 1);
        await("the stranded run succeeded", () -> metadata.pipelines().run(stranded.id()).state() == PipelineRunState.SUCCEEDED);
        assertThat(scheduler.sweep()).as("nothing left to sweep").isZero();
    }

    @Test
    void parallelRunsKeepTheirFilesApart() {
        start(ConcurrencyPolicy.PARALLEL, 2);
        gate = new CountDownLatch(1);
        PipelineRun first = scheduler.request("gated", RunRequest.of(TriggerKind.API, "first"));
        PipelineRun second = scheduler.request("gated", RunRequest.of(TriggerKind.API, "second"));
        await("both runs are running", () -> running.get() == 2);
        gate.countDown();
        awaitAllOver(2);
        for (PipelineRun run : List.of(first, second)) {
            assertThat(folder.resolve("work/parallel/run-" + run.id() + "/gated/first.log")).as("each run's own step log").exists();
        }
    }

    @Test
    void aBadCronExpressionIsRefusedWithAnExample() {
        start(ConcurrencyPolicy.QUEUE, 1);
        assertThatThrownBy(() -> scheduler.schedule("gated", Optional.of(PipelineSchedule.of("every day", "UTC"))))
                .isInstanceOf(CairnException.class).hasMessageContaining("'0 2 * * *'");
        assertThat(metadata.pipelines().get("gated").schedule()).isEmpty();
    }

    @Test
    void aChangedWatchedSourceRequestsOneRunAndAnUnchangedOneNone() throws IOException {
        Path source = folder.resolve("flights.csv");
        Files.writeString(source, "date,delay\n2024-01-01,3\n");
        start(ConcurrencyPolicy.QUEUE, 1);
        metadata.pipelines().create(new NewPipeline("watched", """
                name: watched
                steps:
                  flights:
                    type: dataset
                    params: {name: flights, path: flights.csv}
                """, folder.toString(), ConcurrencyPolicy.QUEUE, true));
        assertThat(scheduler.checkWatchedSources()).as("the first look only records the digest").isEmpty();
        assertThat(scheduler.checkWatchedSources()).isEmpty();

        Files.writeString(source, "date,delay\n2024-01-01,3\n2024-02-01,7\n");
        List<PipelineRun> requested = scheduler.checkWatchedSources();
        assertThat(requested).hasSize(1);
        assertThat(requested.get(0).trigger()).isEqualTo(TriggerKind.DATASET);
        assertThat(requested.get(0).triggerDetail()).contains("flights.csv");
        assertThat(scheduler.checkWatchedSources()).isEmpty();
        await("the watched run succeeded", () -> metadata.pipelines().run(requested.get(0).id()).state() == PipelineRunState.SUCCEEDED);
    }

    @Test
    void aWatchedJdbcSourceRequestsARunWhenItsWatchQuerySeesNewRows() throws Exception {
        String url = "jdbc:h2:" + folder.resolve("warehouse").toAbsolutePath();
        try (Connection warehouse = DriverManager.getConnection(url); Statement statement = warehouse.createStatement()) {
            statement.execute("CREATE TABLE flights (id INT, delay DOUBLE)");
            statement.execute("INSERT INTO flights VALUES (1, 3), (2, 7)");
        }
        start(ConcurrencyPolicy.QUEUE, 1);
        metadata.pipelines().create(new NewPipeline("warehouse", """
                name: warehouse
                steps:
                  flights:
                    type: dataset
                    params:
                      name: flights
                      jdbc:
                        url: "%s"
                        query: SELECT * FROM flights ORDER BY id
                        watch: SELECT count(*), max(id) FROM flights
                """.formatted(url), folder.toString(), ConcurrencyPolicy.QUEUE, true));
        assertThat(scheduler.checkWatchedSources()).as("the first look only records the digest").isEmpty();
        try (Connection warehouse = DriverManager.getConnection(url); Statement statement = warehouse.createStatement()) {
            statement.execute("UPDATE flights SET delay = 4 WHERE id = 1");
        }
        assertThat(scheduler.checkWatchedSources()).as("a change the watch query does not see fires nothing").isEmpty();

        try (Connection warehouse = DriverManager.getConnection(url); Statement statement = warehouse.createStatement()) {
            statement.execute("INSERT INTO flights VALUES (3, 12)");
        }
        List<PipelineRun> requested = scheduler.checkWatchedSources();
        assertThat(requested).hasSize(1);
        assertThat(requested.get(0).trigger()).isEqualTo(TriggerKind.DATASET);
        assertThat(requested.get(0).triggerDetail()).isEqualTo("new data in the JDBC source of step 'flights'");
        assertThat(scheduler.checkWatchedSources()).isEmpty();
        await("the watched run succeeded", () -> metadata.pipelines().run(requested.get(0).id()).state() == PipelineRunState.SUCCEEDED);
    }

    @Test
    void anEventTriggerRunsThePipelineAndCancelStopsARunningOne() {
        start(ConcurrencyPolicy.QUEUE, 2);
        gate = new CountDownLatch(1);
        PipelineRun run = scheduler.request("gated", RunRequest.of(TriggerKind.EVENT, "alert: drift on flights"));
        await("the run is running", () -> running.get() == 1);
        PipelineRun cancelled = scheduler.cancel(run.id());
        assertThat(cancelled.cancelRequested()).isTrue();
        await("the run is cancelled", () -> metadata.pipelines().run(run.id()).state() == PipelineRunState.CANCELLED);
        assertThat(metadata.pipelines().run(run.id()).message()).contains("cancelled on request");
        assertThat(counted).as("the step after the cancelled one never ran").hasValue(0);
    }

    @Test
    void aResumedRunReusesTheStepsThatSucceeded() {
        start(ConcurrencyPolicy.QUEUE, 1);
        failWith.set("the warehouse is down");
        PipelineRun failed = scheduler.request("gated", RunRequest.of(TriggerKind.API, "test"));
        await("the run failed", () -> metadata.pipelines().run(failed.id()).state() == PipelineRunState.FAILED);
        assertThat(metadata.pipelines().run(failed.id()).message()).contains("step 'second' failed: the warehouse is down");
        int gateKeeperRuns = gateKeeperRuns();

        failWith.set(null);
        PipelineRun resumed = scheduler.request("gated", new RunRequest(TriggerKind.RESUME, "resume", true, OptionalLong.of(failed.id()), Map.of()));
        await("the resumed run succeeded", () -> metadata.pipelines().run(resumed.id()).state() == PipelineRunState.SUCCEEDED);
        assertThat(gateKeeperRuns()).as("even forced, the resumed run reused the step that had succeeded").isEqualTo(gateKeeperRuns);
        assertThatThrownBy(() -> scheduler.request("gated", new RunRequest(TriggerKind.RESUME, "again", false, OptionalLong.of(resumed.id()), Map.of())))
                .isInstanceOf(CairnException.class).hasMessageContaining("only a failed or cancelled run can be resumed");
    }

    @Test
    void runParametersReachTheStepsAndAnEventGivesOnlyThoseThePipelineDeclares() {
        start(ConcurrencyPolicy.QUEUE, 1);
        metadata.pipelines().create(new NewPipeline("windowed", """
                name: windowed
                params:
                  window_from: "all time"
                  alert_id: 0
                steps:
                  only:
                    type: counted
                    cache: false
                    params: {label: "from ${params.window_from}"}
                """, folder.toString(), ConcurrencyPolicy.QUEUE, false));
        PipelineRun byDefault = scheduler.request("windowed", RunRequest.of(TriggerKind.API, "default"));
        PipelineRun api = scheduler.request("windowed", RunRequest.of(TriggerKind.API, "february").withParams(Map.of("window_from", "2026-02-01")));
        PipelineRun event = scheduler.request("windowed", RunRequest.of(TriggerKind.EVENT, "alert 7")
                .withParams(Map.of("window_from", "2026-03-01T00:00:00Z", "alert_id", "seven", "deployment", "flights")));
        assertThat(byDefault.params()).isEmpty();
        assertThat(api.params()).isEqualTo(Map.of("window_from", "2026-02-01"));
        assertThat(event.params()).as("the pipeline takes what it declares of what the event offers, if it fits the type")
                .isEqualTo(Map.of("window_from", "2026-03-01T00:00:00Z"));
        assertThatThrownBy(() -> scheduler.request("windowed", RunRequest.of(TriggerKind.API, "typo").withParams(Map.of("windows_from", "x"))))
                .isInstanceOf(CairnException.class).hasMessageContaining("the pipeline has no run parameter 'windows_from'; its run parameters: window_from, alert_id");
        await("three runs over", () -> metadata.pipelines().runs("windowed", 10).stream().allMatch(run -> run.state().finished()));
        assertThat(metadata.pipelines().runs("windowed", 10)).hasSize(3).extracting(PipelineRun::state).containsOnly(PipelineRunState.SUCCEEDED);
        assertThat(labels).containsExactly("from all time", "from 2026-02-01", "from 2026-03-01T00:00:00Z");
    }

    private final AtomicInteger gateKeeperCalls = new AtomicInteger();

    private int gateKeeperRuns() {
        return gateKeeperCalls.get();
    }

    /** One run held at the gate, then 10 requests of every trigger kind while it runs. */
    private List<PipelineRun> burstDuringARun() {
        gate = new CountDownLatch(1);
        scheduler.request("gated", RunRequest.of(TriggerKind.API, "first"));
        await("the first run is running", () -> running.get() == 1);
        List<PipelineRun> burst = new ArrayList<>();
        TriggerKind[] kinds = {TriggerKind.API, TriggerKind.SCHEDULE, TriggerKind.DATASET, TriggerKind.EVENT};
        for (int i = 0; i < 10; i++) {
            burst.add(scheduler.request("gated", RunRequest.of(kinds[i % kinds.length], "burst " + i)));
        }
        return burst;
    }

    private void start(ConcurrencyPolicy policy, int threads) {
        metadata.pipelines().create(new NewPipeline("gated", GATED, folder.toString(), policy, false));
        scheduler = scheduler("test-worker", threads, Set.of()).start();
    }

    /** A scheduler on the test's database and clock, running the test's step types and the recurring jobs of {@code jobKinds}; not started. */
    private PipelineScheduler scheduler(String worker, int threads, Set<String> jobKinds) {
        StepTypes types = BuiltInSteps.types(List.of(new FunctionStep("gate-keeper", context -> {
            gateKeeperCalls.incrementAndGet();
            int now = running.incrementAndGet();
            mostAtOnce.accumulateAndGet(now, Math::max);
            try {
                if (!gate.await(60, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("the gate never opened");
                }
                return Math.random();
            } catch (InterruptedException e) {
                throw new IllegalStateException("interrupted", e);
            } finally {
                running.decrementAndGet();
            }
        }), new FunctionStep("counted", context -> {
            if (context.params().has("label")) {
                labels.add(context.params().path("label").asText());
            }
            if (failWith.get() != null) {
                throw new IllegalStateException(failWith.get());
            }
            return counted.incrementAndGet();
        })));
        PipelineExecutor executor = InProcessPipelines.executor(types, metadata, artifacts, new ExecutionSettings(2, Duration.ofMillis(1), folder.resolve("work")), event -> { });
        Clock clock = new Clock() {
            @Override
            public ZoneOffset getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return start.get().plusNanos(System.nanoTime() - startNanos);
            }
        };
        SchedulerSettings settings = new SchedulerSettings(worker, threads, Duration.ofMillis(200), Duration.ofSeconds(5), 4,
                Duration.ofMillis(50), Duration.ofHours(1), clock);
        return new PipelineScheduler(metadata.pipelines(), metadata.tracking(), metadata.schedulerDataSource(),
                new PipelineSpecReader(types), executor, folder.resolve("work"), settings, jobKinds);
    }

    private void moveTo(Instant instant) {
        start.set(instant.minusNanos(System.nanoTime() - startNanos));
    }

    /** Waits until the pipeline has {@code count} runs, all over, and returns them newest first. */
    private List<PipelineRun> awaitAllOver(int count) {
        await(count + " runs over", () -> {
            List<PipelineRun> runs = metadata.pipelines().runs("gated", 100);
            return runs.size() == count && runs.stream().allMatch(run -> run.state().finished());
        });
        return metadata.pipelines().runs("gated", 100);
    }

    private static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for: " + what);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
