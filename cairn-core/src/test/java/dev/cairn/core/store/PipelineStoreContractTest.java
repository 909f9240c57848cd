package dev.cairn.core.store;

import dev.cairn.core.error.CairnException;
import dev.cairn.core.error.ErrorCode;
import dev.cairn.core.pipeline.ConcurrencyPolicy;
import dev.cairn.core.pipeline.NewPipeline;
import dev.cairn.core.pipeline.Pipeline;
import dev.cairn.core.pipeline.PipelineRun;
import dev.cairn.core.pipeline.PipelineRunState;
import dev.cairn.core.pipeline.PipelineSchedule;
import dev.cairn.core.pipeline.PipelineStore;
import dev.cairn.core.pipeline.RunClaim;
import dev.cairn.core.pipeline.RunRequest;
import dev.cairn.core.pipeline.TriggerKind;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static dev.cairn.core.store.TrackingStoreContractTest.assertError;
import static org.assertj.core.api.Assertions.assertThat;

/** The behaviour every {@link PipelineStore} backend must have; runs on SQLite and PostgreSQL. */
@ParameterizedClass
@EnumSource(TestDatabase.Kind.class)
class PipelineStoreContractTest extends StoreContract {
    private static final String SPEC = "name: flights\nsteps: {}\n";

    PipelineStore pipelines;

    @BeforeEach
    void open() {
        pipelines = metadata.pipelines();
    }

    @Test
    void aPipelineIsCreatedUpdatedScheduledAndDeleted() {
        Pipeline created = pipelines.create(new NewPipeline("flights", SPEC, "/data/flights", ConcurrencyPolicy.QUEUE, false));
        assertThat(created.schedule()).isEmpty();
        assertThat(created.watchedDigest()).isEmpty();
        assertError(() -> pipelines.create(new NewPipeline("flights", SPEC, "/x", ConcurrencyPolicy.SKIP, false)),
                ErrorCode.RESOURCE_ALREADY_EXISTS, "already exists");

        Pipeline updated = pipelines.update(new NewPipeline("flights", SPEC + "# v2\n", "/data/v2", ConcurrencyPolicy.SKIP, true));
        assertThat(updated.spec()).endsWith("# v2\n");
        assertThat(updated.concurrency()).isEqualTo(ConcurrencyPolicy.SKIP);
        assertThat(updated.watch()).isTrue();
        assertThat(updated.creationTime()).isEqualTo(created.creationTime());

        Pipeline scheduled = pipelines.setSchedule("flights", Optional.of(PipelineSchedule.of("30 2 * * *", "Europe/Paris")));
        assertThat(scheduled.schedule()).contains(new PipelineSchedule("0 30 2 * * *", "Europe/Paris"));
        pipelines.setWatchedDigest("flights", "sha256:abc");
        assertThat(pipelines.get("flights").watchedDigest()).hasValue("sha256:abc");
        assertThat(pipelines.setSchedule("flights", Optional.empty()).schedule()).isEmpty();

        pipelines.create(new NewPipeline("a-first", SPEC, "/a", ConcurrencyPolicy.PARALLEL, false));
        assertThat(pipelines.list()).extracting(Pipeline::name).containsExactly("a-first", "flights");
        pipelines.delete("a-first");
        assertError(() -> pipelines.get("a-first"), ErrorCode.RESOURCE_DOES_NOT_EXIST, "does not exist");
        assertError(() -> pipelines.update(new NewPipeline("nope", SPEC, "/", ConcurrencyPolicy.QUEUE, false)),
                ErrorCode.RESOURCE_DOES_NOT_EXIST, "'nope'");
    }

    @Test
    void badNamesSchedulesAndZonesAreRefused() {
        assertError(() -> new NewPipeline("../etc", SPEC, "/", ConcurrencyPolicy.QUEUE, false), ErrorCode.INVALID_PARAMETER_VALUE,
                "is not valid");
        assertError(() -> PipelineSchedule.of(" ", "UTC"), ErrorCode.INVALID_PARAMETER_VALUE, "cron expression");
        assertError(() -> PipelineSchedule.of("0 2 * * *", "Mars/Olympus"), ErrorCode.INVALID_PARAMETER_VALUE, "Unknown time zone");
    }

    @Test
    void underQueueRunsStartOneAtATimeInRequestOrder() {
        pipelines.create(new NewPipeline("p", SPEC, "/", ConcurrencyPolicy.QUEUE, false));
        PipelineRun first = pipelines.request("p", RunRequest.of(TriggerKind.API, "by test"));
        PipelineRun second = pipelines.request("p", RunRequest.of(TriggerKind.SCHEDULE, "cron"));
        assertThat(List.of(first.state(), second.state())).containsOnly(PipelineRunState.QUEUED);

        assertThat(pipelines.claim(second.id(), "w2").outcome()).as("an older run is queued").isEqualTo(RunClaim.Outcome.WAIT);
        RunClaim started = pipelines.claim(first.id(), "w1");
        assertThat(started.outcome()).isEqualTo(RunClaim.Outcome.STARTED);
        assertThat(started.run().worker()).hasValue("w1");
        assertThat(pipelines.claim(second.id(), "w2").outcome()).as("the first is running").isEqualTo(RunClaim.Outcome.WAIT);

        RunClaim takenOver = pipelines.claim(first.id(), "w3");
        assertThat(takenOver.outcome()).isEqualTo(RunClaim.Outcome.TAKEN_OVER);
        assertThat(takenOver.run().worker()).hasValue("w3");

        assertThat(pipelines.setTrackingRun(first.id(), "w1", "stale")).as("w1 lost the run to w3").isFalse();
        assertThat(pipelines.finish(first.id(), "w1", PipelineRunState.FAILED, "late").state())
                .as("a worker whose run was taken over does not end it").isEqualTo(PipelineRunState.RUNNING);
        assertThat(pipelines.setTrackingRun(first.id(), "w3", "abc123")).isTrue();
        PipelineRun finished = pipelines.finish(first.id(), "w3", PipelineRunState.SUCCEEDED, "");
        assertThat(finished.trackingRunId()).hasValue("abc123");
        assertThat(finished.endTime()).isPresent();
        assertThat(pipelines.claim(first.id(), "w1").outcome()).isEqualTo(RunClaim.Outcome.OVER);
        assertThat(pipelines.claim(second.id(), "w2").outcome()).isEqualTo(RunClaim.Outcome.STARTED);
        assertThat(pipelines.unfinished()).extracting(PipelineRun::id).containsExactly(second.id());
        assertThat(pipelines.runs("p", 10)).extracting(PipelineRun::id).containsExactly(second.id(), first.id());
    }

    @Test
    void underSkipARequestDuringARunIsRecordedAndNeverStarts() {
        pipelines.create(new NewPipeline("p", SPEC, "/", ConcurrencyPolicy.SKIP, false));
        PipelineRun first = pipelines.request("p", RunRequest.of(TriggerKind.API, ""));
        PipelineRun skipped = pipelines.request("p", RunRequest.of(TriggerKind.DATASET, "data/flights.csv changed"));
        assertThat(skipped.state()).isEqualTo(PipelineRunState.SKIPPED);
        assertThat(skipped.message()).contains("run " + first.id());
        assertThat(pipelines.claim(skipped.id(), "w").outcome()).isEqualTo(RunClaim.Outcome.OVER);
        pipelines.claim(first.id(), "w");
        pipelines.finish(first.id(), "w", PipelineRunState.FAILED, "step 'train' failed");
        assertThat(pipelines.request("p", RunRequest.of(TriggerKind.API, "")).state()).isEqualTo(PipelineRunState.QUEUED);
    }

    @Test
    void underParallelEveryRunStartsAtOnce() {
        pipelines.create(new NewPipeline("p", SPEC, "/", ConcurrencyPolicy.PARALLEL, false));
        PipelineRun first = pipelines.request("p", RunRequest.of(TriggerKind.API, ""));
        PipelineRun second = pipelines.request("p", RunRequest.of(TriggerKind.API, ""));
        assertThat(pipelines.claim(second.id(), "w").outcome()).isEqualTo(RunClaim.Outcome.STARTED);
        assertThat(pipelines.claim(first.id(), "w").outcome()).isEqualTo(RunClaim.Outcome.STARTED);
    }

    @Test
    void aRunKeepsTheParameterValuesItWasRequestedWith() {
        pipelines.create(new NewPipeline("p", SPEC, "/", ConcurrencyPolicy.PARALLEL, false));
        Map<String, String> values = Map.of("window_from", "2026-02-01T00:00:00Z", "note", "quotes \" and \u00e9 and {braces}");
        PipelineRun requested = pipelines.request("p", RunRequest.of(TriggerKind.EVENT, "alert 7").withParams(values));
        assertThat(requested.params()).isEqualTo(values);
        assertThat(pipelines.run(requested.id()).params()).isEqualTo(values);
        assertThat(pipelines.claim(requested.id(), "w").run().params()).isEqualTo(values);
        assertThat(pipelines.request("p", RunRequest.of(TriggerKind.API, "")).params()).isEmpty();
        assertError(() -> RunRequest.of(TriggerKind.API, "").withParams(Map.of("big", "x".repeat(RunRequest.MAX_PARAM_LENGTH + 1))),
                ErrorCode.INVALID_PARAMETER_VALUE, "longer than");
    }

    @Test
    void cancelEndsAQueuedRunAndMarksARunningOne() {
        pipelines.create(new NewPipeline("p", SPEC, "/", ConcurrencyPolicy.QUEUE, false));
        PipelineRun running = pipelines.request("p", RunRequest.of(TriggerKind.API, ""));
        PipelineRun queued = pipelines.request("p", new RunRequest(TriggerKind.RESUME, "resume", true, OptionalLong.of(running.id()), Map.of()));
        assertThat(queued.resumeOf()).hasValue(running.id());
        assertThat(queued.force()).isTrue();
        pipelines.claim(running.id(), "w");

        assertThat(pipelines.requestCancel(queued.id()).state()).isEqualTo(PipelineRunState.CANCELLED);
        PipelineRun marked = pipelines.requestCancel(running.id());
        assertThat(marked.state()).isEqualTo(PipelineRunState.RUNNING);
        assertThat(marked.cancelRequested()).isTrue();
        assertError(() -> pipelines.delete("p"), ErrorCode.INVALID_STATE, "cancel it first");
        pipelines.finish(running.id(), "w", PipelineRunState.CANCELLED, "cancelled by user");
        assertThat(pipelines.requestCancel(running.id()).state()).isEqualTo(PipelineRunState.CANCELLED);
        pipelines.delete("p");
        assertError(() -> pipelines.run(running.id()), ErrorCode.RESOURCE_DOES_NOT_EXIST, "does not exist");
    }

    @Test
    void aCancelRacingClaimsEitherCancelsTheQueuedRunOrMarksTheRunningOne() throws Exception {
        pipelines.create(new NewPipeline("p", SPEC, "/", ConcurrencyPolicy.PARALLEL, false));
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int i = 0; i < 20; i++) {
                long id = pipelines.request("p", RunRequest.of(TriggerKind.API, "")).id();
                Future<RunClaim> claim = pool.submit(() -> pipelines.claim(id, "w"));
                Future<PipelineRun> cancel = pool.submit(() -> pipelines.requestCancel(id));
                RunClaim claimed = claim.get();
                cancel.get();
                PipelineRun after = pipelines.run(id);
                if (claimed.outcome() == RunClaim.Outcome.STARTED) {
                    assertThat(after.state()).as("a started run is never cancelled behind its worker's back").isEqualTo(PipelineRunState.RUNNING);
                    assertThat(after.cancelRequested()).isTrue();
                } else {
                    assertThat(claimed.outcome()).isEqualTo(RunClaim.Outcome.OVER);
                    assertThat(after.state()).isEqualTo(PipelineRunState.CANCELLED);
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void concurrentCreatesOfOneNameStoreOneAndRefuseTheRest() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Pipeline>> creates = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                creates.add(pool.submit(() -> pipelines.create(new NewPipeline("same", SPEC, "/", ConcurrencyPolicy.QUEUE, false))));
            }
            int stored = 0;
            for (Future<Pipeline> create : creates) {
                try {
                    create.get();
                    stored++;
                } catch (ExecutionException e) {
                    assertThat(e.getCause()).isInstanceOf(CairnException.class).hasMessageContaining("already exists");
                }
            }
            assertThat(stored).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void concurrentClaimsStartExactlyOneQueuedRun() throws Exception {
        pipelines.create(new NewPipeline("p", SPEC, "/", ConcurrencyPolicy.QUEUE, false));
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            ids.add(pipelines.request("p", RunRequest.of(TriggerKind.API, "")).id());
        }
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<RunClaim>> claims = new ArrayList<>();
            for (long id : ids) {
                claims.add(pool.submit(() -> pipelines.claim(id, "w" + id)));
            }
            long started = 0;
            for (Future<RunClaim> claim : claims) {
                started += claim.get().outcome() == RunClaim.Outcome.STARTED ? 1 : 0;
            }
            assertThat(started).isEqualTo(1);
            assertThat(pipelines.run(ids.get(0)).state()).isEqualTo(PipelineRunState.RUNNING);
        } finally {
            pool.shutdownNow();
        }
    }
}
