package dev.cairn.dashboard.batch;

import dev.cairn.core.batch.BatchJobStore;
import dev.cairn.dashboard.Templates;
import io.javalin.http.Context;

import static java.util.Objects.requireNonNull;

/** {@code /batch-jobs}: the latest batch scoring jobs, newest first. */
public final class BatchJobPages {
    private static final int JOBS_SHOWN = 200;

    private final BatchJobStore jobs;
    private final Templates templates;

    /** Pages over the batch job store. */
    public BatchJobPages(BatchJobStore jobs, Templates templates) {
        this.jobs = requireNonNull(jobs, "jobs is null");
        this.templates = requireNonNull(templates, "templates is null");
    }

    /** The latest jobs with their state, progress and output. */
    public void list(Context ctx) {
        templates.render(ctx, "batchJobs.jte", jobs.list(JOBS_SHOWN));
    }
}
