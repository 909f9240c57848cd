package dev.cairn.serve.batch;

import dev.cairn.core.artifact.ArtifactPath;
import dev.cairn.core.artifact.ArtifactStore;
import dev.cairn.core.batch.BatchJob;
import dev.cairn.core.batch.BatchJobStore;
import dev.cairn.core.batch.NewBatchJob;
import dev.cairn.core.error.CairnException;
import dev.cairn.core.io.FolderTree;
import dev.cairn.core.registry.ModelVersion;
import dev.cairn.data.file.TableFile;
import dev.cairn.model.runtime.LoadedModel;
import dev.cairn.serve.repository.ModelRepository;
import dev.cairn.serve.repository.VersionSelector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static java.util.Objects.requireNonNull;

/**
 * Runs batch jobs in the server, one at a time on a worker thread: the input is copied out of the
 * artifact store, scored through the model repository by {@link BatchScorer}, and the output put
 * back. Jobs queued or running when the server stopped run again when it starts.
 */
public final class BatchJobRunner implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(BatchJobRunner.class);
    private static final int BATCH_ROWS = 50_000;
    private static final long PROGRESS_EVERY_NANOS = 2_000_000_000L;

    private final BatchJobStore jobs;
    private final ModelRepository repository;
    private final ArtifactStore artifacts;
    private volatile boolean closing;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "cairn-batch-jobs");
        thread.setDaemon(true);
        return thread;
    });

    /** A runner over the job store, the models and the artifact store that holds inputs and outputs. */
    public BatchJobRunner(BatchJobStore jobs, ModelRepository repository, ArtifactStore artifacts) {
        this.jobs = requireNonNull(jobs, "jobs is null");
        this.repository = requireNonNull(repository, "repository is null");
        this.artifacts = requireNonNull(artifacts, "artifacts is null");
    }

    /** Queues the jobs left unfinished by the last run. */
    public BatchJobRunner start() {
        for (BatchJob job : jobs.unfinished()) {
            LOG.info("Batch job {} was unfinished; running it again", job.id());
            worker.execute(() -> run(job.id()));
        }
        return this;
    }

    /** Queues a new job; the version must be READY and the input must exist. */
    public BatchJob submit(NewBatchJob job) {
        repository.resolve(job.model(), new VersionSelector.Number(job.version()));
        if (artifacts.stat(ArtifactPath.of(job.inputPath())).filter(entry -> !entry.directory()).isEmpty()) {
            throw CairnException.notFound("No file at '" + job.inputPath() + "' in the artifact store; log the input first");
        }
        BatchJob created = jobs.create(job);
        worker.execute(() -> run(created.id()));
        return created;
    }

    private void run(long id) {
        BatchJob job = jobs.get(id);
        Path folder = null;
        try {
            jobs.start(id);
            folder = Files.createTempDirectory("cairn-batch-");
            Path input = folder.resolve("input" + extension(job.inputPath()));
            try (InputStream in = artifacts.open(ArtifactPath.of(job.inputPath()))) {
                Files.copy(in, input);
            }
            Path output = folder.resolve("output" + extension(job.outputPath()));
            ModelVersion version = repository.resolve(job.model(), new VersionSelector.Number(job.version()));
            long[] lastReport = {System.nanoTime()};
            BatchScorer.Result result;
            try (LoadedModel model = repository.load(version, 0)) {
                result = new BatchScorer(model, BATCH_ROWS).score(new TableFile(input), output, job.idColumn(), rows -> {
                    if (System.nanoTime() - lastReport[0] > PROGRESS_EVERY_NANOS) {
                        lastReport[0] = System.nanoTime();
                        jobs.progress(id, rows);
                    }
                });
            }
            try (InputStream in = Files.newInputStream(output)) {
                artifacts.put(ArtifactPath.of(job.outputPath()), in);
            }
            jobs.succeed(id, result.rows(), String.format("Scored %,d rows with %s version %d in %.1f s (%,.0f rows/s)",
                    result.rows(), job.model(), job.version(), result.seconds(), result.rowsPerSecond()));
        } catch (RuntimeException | IOException e) {
            if (closing) {
                // Stopped by the server's shutdown: left RUNNING, so the next start runs it again.
                return;
            }
            if (e instanceof CairnException cairn) {
                jobs.fail(id, cairn.getMessage());
                return;
            }
            LOG.error("Batch job {} failed", id, e);
            jobs.fail(id, "The job failed inside the server (" + e.getClass().getSimpleName() + "); the server log has the details");
        } finally {
            if (folder != null) {
                FolderTree.deleteQuietly(folder);
            }
        }
    }

    private static String extension(String path) {
        String name = path.substring(path.lastIndexOf('/') + 1);
        int dot = name.lastIndexOf('.');
        return dot < 0 ? "" : name.substring(dot);
    }

    /** Stops taking jobs; a job still running is marked unfinished in the store and runs again at the next start. */
    @Override
    public void close() {
        closing = true;
        worker.shutdownNow();
        try {
            worker.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
