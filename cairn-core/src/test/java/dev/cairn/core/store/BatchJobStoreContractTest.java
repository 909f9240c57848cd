package dev.cairn.core.store;

import dev.cairn.core.batch.BatchJob;
import dev.cairn.core.batch.BatchJobState;
import dev.cairn.core.batch.BatchJobStore;
import dev.cairn.core.batch.NewBatchJob;
import dev.cairn.core.error.ErrorCode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.Optional;

import static dev.cairn.core.store.TrackingStoreContractTest.assertError;
import static org.assertj.core.api.Assertions.assertThat;

/** The behaviour every {@link BatchJobStore} backend must have; runs on SQLite and PostgreSQL. */
@ParameterizedClass
@EnumSource(TestDatabase.Kind.class)
class BatchJobStoreContractTest extends StoreContract {
    BatchJobStore jobs;

    @BeforeEach
    void open() {
        jobs = metadata.batchJobs();
    }

    @Test
    void aJobIsQueuedRunAndFinished() {
        BatchJob queued = jobs.create(new NewBatchJob("m", 2, "0/r/artifacts/in.parquet", "batch-jobs/out.parquet", Optional.of("id")));
        assertThat(queued.state()).isEqualTo(BatchJobState.QUEUED);
        assertThat(queued.idColumn()).hasValue("id");
        assertThat(queued.startTime()).isEmpty();
        BatchJob second = jobs.create(new NewBatchJob("m", 2, "in.csv", "out.csv", Optional.empty()));
        assertThat(second.id()).isGreaterThan(queued.id());
        assertThat(jobs.unfinished()).extracting(BatchJob::id).containsExactly(queued.id(), second.id());

        jobs.start(queued.id());
        jobs.progress(queued.id(), 500);
        assertThat(jobs.get(queued.id()).state()).isEqualTo(BatchJobState.RUNNING);
        assertThat(jobs.get(queued.id()).rowsScored()).isEqualTo(500);
        assertThat(jobs.get(queued.id()).startTime()).isPresent();
        jobs.succeed(queued.id(), 1_000, "scored 1000 rows");
        jobs.fail(second.id(), "input missing");

        BatchJob done = jobs.get(queued.id());
        assertThat(done.state()).isEqualTo(BatchJobState.SUCCEEDED);
        assertThat(done.rowsScored()).isEqualTo(1_000);
        assertThat(done.endTime()).isPresent();
        assertThat(jobs.get(second.id()).message()).isEqualTo("input missing");
        assertThat(jobs.unfinished()).isEmpty();
        assertThat(jobs.list(10)).extracting(BatchJob::id).containsExactly(second.id(), queued.id());
        assertError(() -> jobs.get(999_999), ErrorCode.RESOURCE_DOES_NOT_EXIST, "Batch job 999999");
    }
}
