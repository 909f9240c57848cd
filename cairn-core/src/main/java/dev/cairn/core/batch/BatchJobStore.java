package dev.cairn.core.batch;

import java.util.List;

/** Batch jobs: queued by the API, claimed and finished by the server's batch worker. Every method is one transaction. */
public interface BatchJobStore {
    /** Queues a job; its output path gets the job's id appended by the caller's convention, so the id comes back. */
    BatchJob create(NewBatchJob job);

    /** A job by id. */
    BatchJob get(long id);

    /** The newest jobs first. */
    List<BatchJob> list(int limit);

    /** Jobs not finished (queued, or running when the server stopped), oldest first. */
    List<BatchJob> unfinished();

    /** Marks a job running from now. */
    void start(long id);

    /** Records how many rows a running job has scored. */
    void progress(long id, long rowsScored);

    /** Marks a job done. */
    void succeed(long id, long rowsScored, String message);

    /** Marks a job failed with the reason. */
    void fail(long id, String message);
}
